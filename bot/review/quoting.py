"""The chat convention for giving the tenant's message along: quote it with ``>`` above the draft.

Shared by every surface (Slack, Teams) so that the same paste means the same thing everywhere.
"""

from __future__ import annotations


def split_tenant_quote(text: str) -> tuple[str, str | None]:
    """Split a draft pasted under the tenant's message quoted with ``>`` lines: (draft, tenant message).

    Only quoted lines at the top count as the tenant's message; when everything is quoted, the
    quoted text is the draft itself (someone quoting their own draft).
    """
    lines = text.strip().splitlines()
    quoted: list[str] = []
    index = 0
    while index < len(lines) and (lines[index].startswith(">") or (quoted and not lines[index].strip())):
        if lines[index].startswith(">"):
            quoted.append(lines[index][1:].removeprefix(" "))
        index += 1
    if not quoted:
        return text.strip(), None
    rest = "\n".join(lines[index:]).strip()
    quoted_text = "\n".join(quoted).strip()
    if not rest:
        return quoted_text, None
    return rest, quoted_text or None
