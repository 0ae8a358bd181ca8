#!/usr/bin/env bash
# Fetch every release of the site as first published: the asset site-vX.Y.tar.gz of each tag's GitHub Release
# (stored by the publish workflow's keep job), checked against its .sha256 and unpacked into DIR/vX.Y/. A
# release without assets yet is left out, and `python -m generator history` builds it from its tag; an asset
# that does not match its hash stops the publication.
# Usage: scripts/fetch-releases.sh DIR   (needs gh, with GH_TOKEN)
set -euo pipefail
site_dir=${1:?usage: scripts/fetch-releases.sh DIR}
mkdir -p "$site_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tag in $(git tag --list 'v[0-9]*'); do
  if ! gh release download "$tag" --pattern "site-$tag.tar.gz*" --dir "$work/$tag" 2>/dev/null; then
    echo "$tag: no files kept yet; it will be built from its tag."
    continue
  fi
  (cd "$work/$tag" && sha256sum --check --quiet "site-$tag.tar.gz.sha256") || {
    echo "$tag: site-$tag.tar.gz does not match its sha256: not publishing." >&2; exit 1; }
  tar -xzf "$work/$tag/site-$tag.tar.gz" -C "$site_dir"
  test -d "$site_dir/$tag" || { echo "$tag: its archive holds no $tag/ folder." >&2; exit 1; }
  echo "$tag: kept as first published."
done
