"""Person, not process: the writer speaks as a person, not as a policy, a portal or a department.

Catches references to policy, rules and procedure as the reason ("Dat is ons beleid", "conform de
huurvoorwaarden", "per our policy", "as stated in article 6.3"), sending the tenant to a portal,
website, counter or form instead of helping ("via het huurdersportaal", "please refer to the
portal"), and a sign-off by a department ("Team Klantcontact", "Afdeling Verhuur", "Customer
Service Team") where no person's name signs the reply. A form mentioned as help ("u hoeft geen
formulier in te vullen", "we fill it in together") does not count. Why: pointing to policy or the
portal feels like being sent away; the tenant wants a person.
"""

from __future__ import annotations

from bot.review.checks.base import CheckResult, DraftContext, Hit, rule_hits

GUIDELINE = "person_not_policy"

_SIGNOFF = {
    "nl": ("De reactie is ondertekend door een afdeling ('{match}'), niet door een mens.",
           "Onderteken met uw eigen naam, en eventueel uw functie."),
    "en": ("The reply is signed by a department ('{match}'), not by a person.",
           "Sign with your own name, and your role if you like."),
}


def check(context: DraftContext) -> CheckResult:
    hits = rule_hits(context, GUIDELINE)
    signoff = context.department_signoff()
    if signoff is not None:
        start, end = signoff
        line = context.text[start:end].strip()
        start += len(context.text[start:end]) - len(context.text[start:end].lstrip())
        message, suggestion = _SIGNOFF[context.lang]
        hits.append(Hit(GUIDELINE, start, start + len(line), message.replace("{match}", line), suggestion,
                        kind="department"))
    weight = sum(hit.weight for hit in hits)
    if weight >= 1.0:
        return CheckResult(GUIDELINE, "issue", hits=hits)
    personal = 1.0 if context.signature_lines and signoff is None else 0.5
    return CheckResult(GUIDELINE, "ok", strength=personal)
