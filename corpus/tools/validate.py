"""Checks a writer folder: python3 validate.py H1"""
import json, sys, collections
G = ["hear","acknowledge","no_with_care","person_not_policy","respect","next_step","plain_language"]
d = sys.argv[1]
msgs = {}
bad = 0
for n, line in enumerate(open(f"{d}/messages.jsonl", encoding="utf-8"), 1):
    try:
        m = json.loads(line)
        assert set(m) >= {"message_id","topic","lang","text"}, "missing keys"
        assert m["lang"] in ("nl","en")
        msgs[m["message_id"]] = m
    except Exception as e:
        bad += 1; print(f"messages.jsonl line {n}: {e}")
ids = set(); forms = collections.Counter(); per = collections.Counter(); issues = collections.Counter(); ref = 0
for n, line in enumerate(open(f"{d}/drafts.jsonl", encoding="utf-8"), 1):
    try:
        r = json.loads(line)
        for k in ("draft_id","writer","message_id","lang","form","draft","facts","labels","refusal","note"):
            assert k in r, f"missing {k}"
        assert r["draft_id"] not in ids, "duplicate draft_id"; ids.add(r["draft_id"])
        assert r["message_id"] in msgs, "unknown message_id"
        assert r["form"] in ("single","triad-cold","triad-mixed","triad-warm"), "bad form"
        assert set(r["labels"]) == set(G), "labels must have exactly the 7 ids"
        for g, v in r["labels"].items():
            assert v in ("ok","issue","n/a"), f"bad verdict {v}"
            assert v != "n/a" or g == "no_with_care", "n/a only for no_with_care"
        assert isinstance(r["refusal"], bool)
        assert (r["labels"]["no_with_care"] == "n/a") == (not r["refusal"]), "no_with_care is n/a exactly when refusal is false"
        for f in r["facts"]:
            assert f in r["draft"], f"fact {f!r} not in draft"
        forms[r["form"]] += 1; per[r["writer"]] += 1; ref += r["refusal"]
        for g, v in r["labels"].items(): issues[g] += v == "issue"
    except Exception as e:
        bad += 1; print(f"drafts.jsonl line {n}: {e}")
t = sum(per.values())
print(f"{len(msgs)} messages, {t} drafts, per writer {dict(per)}, forms {dict(forms)}, refusals {ref}")
print("issue share:", {g: round(issues[g]/max(t,1),2) for g in G})
print("OK" if not bad else f"{bad} bad lines")
