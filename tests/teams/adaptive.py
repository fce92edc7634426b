"""A strict check of Adaptive Card JSON against what Teams renders for schema version 1.5.

No validator package ships with the project, so this walks the card and checks the elements,
properties and enum values of the Adaptive Cards 1.5 schema that our cards use. It returns a list
of problems (empty when the card is fine), so a failing test says what is wrong and where.
"""

from __future__ import annotations

import json
from typing import Any

ELEMENTS = {"TextBlock", "RichTextBlock", "Image", "ImageSet", "Media", "FactSet", "ColumnSet", "Container",
            "ActionSet", "Table", "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle",
            "Input.ChoiceSet"}
ACTIONS = {"Action.Submit", "Action.Execute", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility"}
ENUMS = {
    "size": {"Default", "Small", "Medium", "Large", "ExtraLarge"},
    "weight": {"Default", "Lighter", "Bolder"},
    "color": {"Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"},
    "spacing": {"None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"},
    "horizontalAlignment": {"Left", "Center", "Right"},
    "verticalContentAlignment": {"Top", "Center", "Bottom"},
    "fontType": {"Default", "Monospace"},
}
CONTAINER_STYLES = {"default", "emphasis", "good", "attention", "warning", "accent"}
TEAMS_MESSAGE_LIMIT = 28 * 1024


def problems(card: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if card.get("type") != "AdaptiveCard":
        found.append("root: type must be AdaptiveCard")
    if card.get("version") != "1.5":
        found.append(f"root: version must be '1.5', got {card.get('version')!r}")
    if not str(card.get("$schema", "")).startswith("http://adaptivecards.io/schemas/adaptive-card.json"):
        found.append("root: $schema missing")
    body = card.get("body")
    if not isinstance(body, list) or not body:
        found.append("root: body must be a non-empty list")
    else:
        for i, element in enumerate(body):
            _element(element, f"body[{i}]", found)
    for i, action in enumerate(card.get("actions") or []):
        _action(action, f"actions[{i}]", found)
    if len(json.dumps(card, ensure_ascii=False).encode()) > TEAMS_MESSAGE_LIMIT:
        found.append("card is larger than a Teams message may be")
    return found


def _common(element: dict[str, Any], where: str, found: list[str]) -> None:
    for key, allowed in ENUMS.items():
        if key in element and element[key] not in allowed:
            found.append(f"{where}: {key}={element[key]!r} is not one of {sorted(allowed)}")
    if "separator" in element and not isinstance(element["separator"], bool):
        found.append(f"{where}: separator must be a boolean")


def _element(element: Any, where: str, found: list[str]) -> None:
    if not isinstance(element, dict):
        found.append(f"{where}: not an object")
        return
    kind = element.get("type")
    if kind not in ELEMENTS:
        found.append(f"{where}: unknown element type {kind!r}")
        return
    _common(element, where, found)
    if kind == "TextBlock":
        if not isinstance(element.get("text"), str) or not element["text"].strip():
            found.append(f"{where}: TextBlock needs non-empty text")
        if element.get("wrap") is not True:
            found.append(f"{where}: TextBlock should wrap (long text is cut off in Teams otherwise)")
    elif kind == "FactSet":
        facts = element.get("facts")
        if not isinstance(facts, list) or not facts:
            found.append(f"{where}: FactSet needs facts")
        for j, fact in enumerate(facts or []):
            if not (isinstance(fact, dict) and isinstance(fact.get("title"), str)
                    and isinstance(fact.get("value"), str)):
                found.append(f"{where}.facts[{j}]: needs string title and value")
    elif kind == "ColumnSet":
        for j, column in enumerate(element.get("columns") or []):
            cwhere = f"{where}.columns[{j}]"
            if column.get("type") != "Column":
                found.append(f"{cwhere}: must be a Column")
            width = column.get("width", "stretch")
            if not (isinstance(width, int | float) or width in ("auto", "stretch") or str(width).endswith("px")):
                found.append(f"{cwhere}: bad width {width!r}")
            _common(column, cwhere, found)
            for k, item in enumerate(column.get("items") or []):
                _element(item, f"{cwhere}.items[{k}]", found)
    elif kind == "Container":
        if element.get("style", "default") not in CONTAINER_STYLES:
            found.append(f"{where}: bad container style {element.get('style')!r}")
        items = element.get("items")
        if not isinstance(items, list) or not items:
            found.append(f"{where}: Container needs items")
        for k, item in enumerate(items or []):
            _element(item, f"{where}.items[{k}]", found)
    elif kind == "ActionSet":
        actions = element.get("actions")
        if not isinstance(actions, list) or not actions:
            found.append(f"{where}: ActionSet needs actions")
        for k, action in enumerate(actions or []):
            _action(action, f"{where}.actions[{k}]", found)


def _action(action: Any, where: str, found: list[str]) -> None:
    if not isinstance(action, dict) or action.get("type") not in ACTIONS:
        found.append(f"{where}: unknown action {action!r:.80}")
        return
    if not isinstance(action.get("title"), str) or not action["title"].strip():
        found.append(f"{where}: action needs a title")
    if action["type"] == "Action.Submit" and not isinstance(action.get("data", {}), dict):
        found.append(f"{where}: Action.Submit data must be an object (Teams sends it back as activity.value)")
    if action["type"] == "Action.Execute" and not action.get("verb"):
        found.append(f"{where}: Action.Execute needs a verb")


def texts(card: dict[str, Any]) -> str:
    """Every visible text of a card (TextBlocks, facts, action titles), one per line."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                out.append(node.get("text", ""))
            if "title" in node and isinstance(node["title"], str):
                out.append(node["title"])
            if "value" in node and isinstance(node["value"], str):
                out.append(node["value"])
            for key, value in node.items():
                if key != "data":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return "\n".join(out)


def submit_actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found
