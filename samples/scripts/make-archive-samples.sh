#!/usr/bin/env bash
# Writes the tar/gzip samples of samples/archives/ (labels in its labels.json) with GNU tar and gzip, from text samples of this corpus:
# a compressed tar as users upload bundles (a folder of notices, one of them marked), and a benign
# one. Deterministic (fixed owner, times and order; gzip without name or time). Needs GNU tar and
# gzip; the outputs are committed. Run: bash samples/scripts/make-archive-samples.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC
T=(--sort=name --owner=0 --group=0 --numeric-owner --mtime=2024-05-08T00:00:00Z --format=gnu)
mkdir -p "$work/材料" "$work/benign"
cp "$root/text/meeting-minutes-public.txt" "$work/材料/会议纪要.txt"
cp "$root/text/notice-jimi-5nian.txt" "$work/材料/通知.txt"
cp "$root/text/meeting-minutes-public.txt" "$work/benign/会议纪要.txt"
cp "$root/text/news-baomi-month.txt" "$work/benign/保密宣传月新闻.txt"
find "$work" -exec touch -d 2024-05-08T00:00:00Z {} +
(cd "$work" && tar "${T[@]}" -cf - 材料 | gzip -n -9) > "$root/archives/marked-notice-inside.tar.gz"
(cd "$work/benign" && tar "${T[@]}" -cf - 会议纪要.txt 保密宣传月新闻.txt | gzip -n -9) > "$root/archives/benign-bundle.tar.gz"
