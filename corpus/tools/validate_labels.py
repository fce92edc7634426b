import json, sys
G = ["hear","acknowledge","no_with_care","person_not_policy","respect","next_step","plain_language"]
TAGS = {"greeting","generic-opener","echoes-tenant","acknowledgement","refusal","reason","alternative","policy-shield",
        "portal-referral","department-signoff","personal-signoff","blame","lecture","minimise","order","sarcasm",
        "shouting","concrete-next-step","contact","vague-promise","officialese","long","passive-pile"}
d = sys.argv[1]
inp = {json.loads(l)["draft_id"]: json.loads(l) for l in open(f"{d}/input.jsonl", encoding="utf-8")}
seen = {}; bad = 0
try:
    lines = open(f"{d}/output.jsonl", encoding="utf-8").read().splitlines()
except FileNotFoundError:
    lines = []
for n, line in enumerate(lines, 1):
    try:
        r = json.loads(line)
        assert r["draft_id"] in inp, "unknown draft_id"
        assert set(r["labels"]) == set(G), "labels must have the 7 ids"
        for g, v in r["labels"].items():
            assert v in ("ok","issue","n/a"), f"bad verdict {v}"
            assert v != "n/a" or g == "no_with_care", "n/a only for no_with_care"
        assert isinstance(r["refusal"], bool)
        assert (r["labels"]["no_with_care"] == "n/a") == (not r["refusal"]), "no_with_care n/a exactly when refusal false"
        ns = len(inp[r["draft_id"]]["sentences"])
        has_ref = False
        for k, tags in r["tags"].items():
            assert 0 <= int(k) < ns, f"sentence {k} out of range (0..{ns-1})"
            for t in tags:
                assert t in TAGS, f"unknown tag {t}"
            has_ref |= "refusal" in tags
        assert has_ref == r["refusal"], "refusal true exactly when a sentence has the refusal tag"
        seen[r["draft_id"]] = r
    except Exception as e:
        bad += 1; print(f"output.jsonl line {n}: {e}")
missing = [k for k in inp if k not in seen]
print(f"{len(seen)} of {len(inp)} drafts labelled; {len(missing)} missing" + (f" (first: {missing[0]})" if missing else ""))
print("OK" if not bad and not missing else f"{bad} bad lines")
