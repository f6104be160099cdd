#!/usr/bin/env bash
# Writes the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015:
# 3,000 review sentences from amazon.com, imdb.com and yelp.com, written by
# real people, labelled positive or negative) as tonedesk JSONL, one file
# per site, into DIR (default: $TMPDIR/tonedesk-uci).
#
# They are a development check on human-written text, never training data,
# and not shipped: the Yelp sentences come from the Yelp dataset, whose
# terms do not let us pass them on. The copy read here is the test fixture
# of the npm package sentiment@5.0.2 (from the npm registry).
#
#   scripts/uci-sentences.sh [DIR]
#   SELECT_DEV=$TMPDIR/tonedesk-uci/yelp.jsonl go test -tags modelselect -run 'TestSelectDev$' -v ./sentiment/
set -euo pipefail
dir="${1:-${TMPDIR:-/tmp}/tonedesk-uci}"
mkdir -p "$dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent sentiment@5.0.2 >/dev/null && tar xzf sentiment-5.0.2.tgz)
for site in amazon imdb yelp; do
	node -e '
		const [src, site] = process.argv.slice(1);
		const rows = require(src).filter((r) => r.class === 0 || r.class === 1);
		for (const r of rows) {
			const text = r.text.split(/\s+/).filter(Boolean).join(" ");
			if (!text) continue;
			const sentiment = r.class === 1 ? "positive" : "negative";
			console.log(JSON.stringify({text, sentiment, source: "uci-sentiment-labelled-sentences/" + site}));
		}' "$work/package/test/fixtures/$site.json" "$site" >"$dir/$site.jsonl"
	echo "$dir/$site.jsonl: $(wc -l <"$dir/$site.jsonl") sentences"
done
