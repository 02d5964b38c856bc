#!/usr/bin/env bash
# Regenerates samples/pdf/ (PDFs, their .fodt sources and labels.json).
# Needs: apt-get install libreoffice-writer-nogui fonts-noto-cjk qpdf poppler-utils
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in soffice qpdf pdftoppm; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install libreoffice-writer-nogui fonts-noto-cjk qpdf poppler-utils" >&2; exit 1; }
done
exec npx tsx samples/scripts/make-pdf-samples.ts
