"""Form versions: the form data as one version changes it, lines kept for messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.errors import Diagnostic, did_you_mean, error_at
from ..core.located_yaml import Located, PathKey

if TYPE_CHECKING:
    from .model import Form

_VERSION_KEYS = (
    "version", "effective", "name", "heading", "title", "orientation", "columns", "layout", "codes",
    "rows", "drop", "rules",
)  # fmt: skip


def merge_version(located: Located, index: int) -> tuple[Located | None, list[Diagnostic]]:
    """The form data as version `index` changes it, with lines pointing at whichever part said it."""
    path, base = located.path, located.data
    vkey: PathKey = ("versions", index)
    spec = base["versions"][index]
    errors: list[Diagnostic] = []
    if not isinstance(spec, dict):
        return None, [error_at(path, located.line(*vkey), "mỗi phiên bản phải là một bảng khóa: giá trị")]
    for name in spec:
        if name not in _VERSION_KEYS:
            errors.append(
                error_at(
                    path, located.line(*vkey, name), f"trường không hợp lệ '{name}'{did_you_mean(name, _VERSION_KEYS)}"
                )
            )
    if "version" not in spec:
        errors.append(error_at(path, located.line(*vkey), "phiên bản cần trường version (tên phiên bản)"))
    rows = base.get("rows") if isinstance(base.get("rows"), list) else []
    drop_raw = spec.get("drop") or []
    if not isinstance(drop_raw, list):
        errors.append(error_at(path, located.line(*vkey, "drop"), "drop phải là danh sách mã chỉ tiêu"))
        drop_raw = []
    drop = {str(d) for d in drop_raw}
    ids = [str(r.get("id")) if isinstance(r, dict) else "" for r in rows]
    for name in drop - set(ids):
        errors.append(
            error_at(path, located.line(*vkey, "drop"), f"drop: không có chỉ tiêu '{name}'{did_you_mean(name, ids)}")
        )
    kept = [i for i, row_id in enumerate(ids) if row_id not in drop]
    new_index = {old: new for new, old in enumerate(kept)}
    lines: dict[PathKey, int] = {}
    for key, line in located.lines.items():
        if key[:1] == ("versions",):
            continue
        if key[:1] == ("rows",) and len(key) > 1:
            if key[1] in new_index:
                moved: PathKey = ("rows", new_index[int(key[1])])
                lines[moved + key[2:]] = line
            continue
        lines[key] = line
    data = {k: v for k, v in base.items() if k != "versions"}
    data["rows"] = [rows[i] for i in kept]

    def relocate(source: PathKey, target: PathKey) -> None:
        for key, line in located.lines.items():
            if key[: len(source)] == source:
                lines[target + key[len(source) :]] = line

    for name in ("version", "effective", "name", "heading", "title", "orientation", "rules"):
        if name in spec:
            data[name] = spec[name]
            relocate((*vkey, name), (name,))
    for name in ("columns", "layout", "codes"):
        if name in spec:
            if not isinstance(spec[name], dict):
                errors.append(error_at(path, located.line(*vkey, name), f"{name} phải là một bảng khóa: giá trị"))
                continue
            inherited = base.get(name) if isinstance(base.get(name), dict) else {}
            data[name] = {**inherited, **spec[name]}
            for key in spec[name]:
                relocate((*vkey, name, key), (name, key))
    changes = spec.get("rows") or {}
    if not isinstance(changes, dict):
        errors.append(
            error_at(path, located.line(*vkey, "rows"), "rows của phiên bản là các dòng 'mã: {trường: giá trị}'")
        )
        changes = {}
    positions = {row_id: j for j, row_id in enumerate(ids[i] for i in kept)}
    data["rows"] = list(data["rows"])
    for row_id, change in changes.items():
        where = (*vkey, "rows", row_id)
        if row_id not in positions:
            errors.append(
                error_at(
                    path,
                    located.line(*where),
                    f"không có chỉ tiêu '{row_id}' trong biểu mẫu{did_you_mean(row_id, positions)}",
                )
            )
            continue
        if not isinstance(change, dict) or "id" in change:
            errors.append(
                error_at(
                    path, located.line(*where), f"'{row_id}': ghi các trường cần đổi (label, unit, …), không đổi id"
                )
            )
            continue
        j = positions[row_id]
        data["rows"][j] = {**data["rows"][j], **change}
        for key in change:
            relocate((*where, key), ("rows", j, key))
    return Located(path, data, lines), errors


def parse_versions(
    located: Located, base: Form, parse: Callable[[Located], tuple[Form, list[Diagnostic]]]
) -> tuple[dict[str, Form], list[Diagnostic]]:
    """Every version of a form file by name, `base` (the main content) among them, each parsed by
    `parse` from the data as it changes the main content; {} for a form without versions."""
    errors: list[Diagnostic] = []
    variants: dict[str, Form] = {}
    specs = located.data.get("versions")
    if specs is not None:
        if not isinstance(specs, list) or not specs:
            errors.append(
                error_at(
                    located.path, located.line("versions"), "versions phải là danh sách các phiên bản '- version: …'"
                )
            )
            specs = []
        if not base.version:
            errors.append(
                error_at(
                    located.path,
                    located.line("version") or 1,
                    "biểu mẫu có versions cần ghi version của nội dung chính",
                )
            )
        variants[base.version] = base
        for index in range(len(specs)):
            merged, problems = merge_version(located, index)
            errors.extend(problems)
            if merged is None:
                continue
            variant, found = parse(merged)
            errors.extend(found)
            key = ("versions", index, "version")
            if variant.version in variants:
                errors.append(error_at(located.path, located.line(*key), f"phiên bản '{variant.version}' bị lặp"))
            variants[variant.version] = variant
        dates = [v.effective for v in variants.values()]
        if None in dates and len(dates) > 1 and dates.count(None) > 1:
            errors.append(
                error_at(located.path, located.line("versions"), "mỗi phiên bản cần effective (ngày bắt đầu áp dụng)")
            )
        if len({d for d in dates if d}) != len([d for d in dates if d]):
            errors.append(error_at(located.path, located.line("versions"), "hai phiên bản có cùng ngày effective"))
    return variants, errors
