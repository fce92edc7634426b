"""Round 3 in chunks (eight labellers over 936 drafts), in a work folder holding H15-H20 and lab/W1..W8.

merge: lab/W*/output.jsonl -> label/L<n>/output.jsonl ; adj K W..: disputed drafts of chunks -> adj/B<K>/input.jsonl ;
settle: adj/B*/output.jsonl -> adjudicate/A<n>/output.jsonl"""
import json, random, sys, glob, os
from pathlib import Path
W = Path(os.environ.get('CORPUS_WORK', '/work/corpus_work'))  # the work folder, outside the repo
G = ("hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language")
def read(p):
    p = Path(p)
    return [json.loads(l) for l in p.read_text(encoding='utf-8').splitlines() if l.strip()] if p.is_file() else []
def merge():
    by = {}
    for f in sorted(glob.glob(str(W / 'lab/W*/output.jsonl'))):
        for r in read(f):
            by.setdefault(r['draft_id'].split('-')[0][1:], {})[r['draft_id']] = r
    for n, rs in by.items():
        (W / f'label/L{n}').mkdir(parents=True, exist_ok=True)
        (W / f'label/L{n}/output.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rs.values()), encoding='utf-8')
        print('L' + n, len(rs))
def adj(k, chunks):
    writers = {}
    for h in glob.glob(str(W / 'H*')):
        for d in read(Path(h) / 'drafts.jsonl'): writers[d['draft_id']] = d
    rng = random.Random(f'adj{k}')
    out = W / f'adj/B{k}'; out.mkdir(parents=True, exist_ok=True)
    lines = []
    for c in chunks:
        inputs = {d['draft_id']: d for d in read(W / f'lab/{c}/input.jsonl')}
        for lab in read(W / f'lab/{c}/output.jsonl'):
            w = writers[lab['draft_id']]
            pts = [g for g in G if w['labels'][g] != lab['labels'][g]] + (['refusal'] if w['refusal'] != lab['refusal'] else [])
            if not pts: continue
            a, b = {'labels': w['labels'], 'refusal': w['refusal']}, {'labels': lab['labels'], 'refusal': lab['refusal']}
            if rng.random() < 0.5: a, b = b, a
            it = inputs[lab['draft_id']]
            lines.append(json.dumps({'draft_id': it['draft_id'], 'lang': it['lang'], 'tenant_message': it['tenant_message'],
                'draft': it['draft'], 'sentences': it['sentences'], 'disputed': pts, 'annotator_1': a, 'annotator_2': b,
                'tags_proposed': lab['tags']}, ensure_ascii=False))
    (out / 'input.jsonl').write_text(''.join(l + '\n' for l in lines), encoding='utf-8')
    print(f'B{k}', len(lines), 'disputed')
def settle():
    by = {}
    for f in sorted(glob.glob(str(W / 'adj/B*/output.jsonl'))):
        for r in read(f): by.setdefault(r['draft_id'].split('-')[0][1:], {})[r['draft_id']] = r
    for n, rs in by.items():
        (W / f'adjudicate/A{n}').mkdir(parents=True, exist_ok=True)
        (W / f'adjudicate/A{n}/output.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rs.values()), encoding='utf-8')
        print('A' + n, len(rs))
if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'merge': merge()
    elif cmd == 'adj': adj(sys.argv[2], sys.argv[3:])
    else: settle()
