#!/usr/bin/env bash
# Pack one built release (DIR/vX.Y/, with its MANIFEST.sha256) as the assets its GitHub Release keeps:
# site-vX.Y.tar.gz (reproducible: sorted, owned by no one, dated by the tag's commit), its .sha256, and the
# release notes (the summary from releases/releases.csv).
# Usage: scripts/pack-release.sh DIR vX.Y OUT
set -euo pipefail
site_dir=${1:?usage: scripts/pack-release.sh DIR vX.Y OUT} tag=${2:?tag} out=${3:?out}
[[ "$tag" =~ ^v[1-9][0-9]*\.(0|[1-9][0-9]*)$ ]] || { echo "$tag is not a release tag (vMAJOR.MINOR)." >&2; exit 1; }
test -f "$site_dir/$tag/MANIFEST.sha256" || { echo "$site_dir/$tag was not built." >&2; exit 1; }
mkdir -p "$out"
epoch=$(git log -1 --format=%ct "$tag^{commit}")
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$site_dir" -cf - "$tag" \
  | gzip -n > "$out/site-$tag.tar.gz"
(cd "$out" && sha256sum "site-$tag.tar.gz" > "site-$tag.tar.gz.sha256")
python3 - "$tag" > "$out/notes.md" <<'PY'
import csv, sys
version = sys.argv[1][1:]
for row in csv.DictReader(open("releases/releases.csv", encoding="utf-8")):
    if row["version"] == version:
        print(f"{row['summary']}\n\nKind: {row['kind']}. Released on {row['released_on']}.")
PY
