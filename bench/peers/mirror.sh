#!/bin/sh
# Copies other projects' test documents out of local git mirrors into a folder outside the repository,
# for `pnpm bench peers <dir>`. Nothing copied here is ever committed.
#   bench/peers/mirror.sh <mirror-root> <out-dir>
# <mirror-root> holds bare clones named owner+name/repo (mozilla+pdf.js/repo, apache+tika/repo, …).
# Mirrors may lack their largest blobs: those files are skipped (and counted), not fatal.
set -eu
M=$1
OUT=$2
mkdir -p "$OUT"
take() { # project git-dir path-in-repo…
  p=$1; g=$2; shift 2
  missing=0
  git --git-dir="$g" ls-tree -r HEAD -- "$@" | while read -r mode type sha path; do
    [ "$type" = blob ] || continue
    case "$path" in *.link) continue ;; esac # pdf.js: a URL to a large PDF, not a document
    mkdir -p "$OUT/$p/$(dirname "$path")"
    git --git-dir="$g" cat-file blob "$sha" > "$OUT/$p/$path" 2>/dev/null || { rm -f "$OUT/$p/$path"; echo "absent from the mirror: $p/$path" >&2; }
  done
}
take pdf.js "$M/mozilla+pdf.js/repo" test/pdfs
take mammoth.js "$M/mwilliamson+mammoth.js/repo" test/test-data
take python-docx "$M/python-openxml+python-docx/repo" tests/test_files features/steps/test_files
T="$M/apache+tika/repo"
# Tika's test documents live in one folder per parser module; its parser tests (the Java sources
# with assertContains) sit next to them and are copied too, for the extracted-text check.
docs=$(git --git-dir="$T" ls-tree -r -d --name-only HEAD | grep -E '^tika-parsers/.*/src/test/resources/test-documents$')
java=$(git --git-dir="$T" ls-tree -r -d --name-only HEAD | grep -E '^tika-parsers/.*/src/test/java$')
take tika "$T" $docs $java
