"""Agency and leader cells → the register's canonical names.

An `AgencyDirectory` is built from plain records (or the register's `agencies.toml`); `resolve(text)` turns a
cell such as `Các sở: KHCN, TTTT, KH&ĐT, TC và các sở, ngành liên quan` into agencies, groups and names the
register does not know. A `LeaderDirectory` holds positions with their tenures and resolves `PCT Hà Minh Hải`
at a date to the position and the person holding it.

How a cell is read:

1. `;` and line breaks separate items for certain; `,` and ` và ` separate them unless they are part of a name
   (`Sở Kế hoạch và Đầu tư`, `Các Sở, Ban, ngành`), so the longest run of comma/`và` pieces that the register
   knows wins (matching is on `textnorm.key`: no case, diacritics or punctuation).
2. A shared head (`Các sở: ...`, `Các sở KH&ĐT, Du Lịch`, `UBND huyện: Gia Lâm, ...`, `UBND các quận, huyện: ...`)
   is put before each item that does not name itself.
3. Qualifiers are dropped when the exact text is not known: `liên quan`, `có liên quan`, `của Thành phố`,
   `Đề nghị ... phối hợp`.
4. A piece still unknown is compared with every name by edit distance on its key (typos and OCR damage); a single
   closest name within the bound is taken and reported as a fuzzy match. Otherwise the piece is returned as unknown,
   to be proposed as a new agency: never dropped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planwatch.textnorm import key, nfc

from .errors import ParseError
from .model import LeaderRef, Resolution


@dataclass(frozen=True)
class Agency:
    name: str
    short: str = ""
    kind: str = "other"
    parent: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    name: str
    aliases: tuple[str, ...] = ()
    member_kinds: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    open: bool = False


@dataclass(frozen=True)
class Match:
    """How one piece of a cell was read: `exact`, `head` (a shared head added), `fuzzy`, or `unknown`."""

    written: str
    name: str | None
    kind: str  # agency, group, unknown
    how: str
    distance: int = 0


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance, stopping early once it exceeds `limit`."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cost = previous[j - 1] + (ca != cb)
            value = min(previous[j] + 1, current[j - 1] + 1, cost)
            current.append(value)
            best = min(best, value)
        if limit is not None and best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_limit(k: str) -> int:
    """How many edits a key of this length may carry and still be recognised (short keys: none)."""
    n = len(k.replace(" ", ""))
    if n < 7:
        return 0
    if n < 16:
        return 1
    return 2


_QUALIFIERS_TAIL = re.compile(
    r"(?:\s+(?:co\s+)?lien\s+quan|\s+cua\s+thanh\s+pho|\s+tren\s+dia\s+ban(?:\s+thanh\s+pho)?|\s+phoi\s+hop(?:\s+thuc\s+hien)?|\s+thanh\s+pho)+$"
)
_QUALIFIERS_HEAD = re.compile(r"^(?:de\s+nghi|voi|cung|va|gom|bao\s+gom)\s+")
_SPLIT_STRONG = re.compile(r"\s*[;\n]+\s*")
_SPLIT_WEAK = re.compile(r"(\s*,\s*|\s+và\s+|\s+va\s+)", re.IGNORECASE)
_HEAD_WORDS = re.compile(
    r"^(?:so|ban|ubnd|uy ban|cac|cuc|cong an|vien|trung tam|bo|bql|van phong|thanh doan|hoi|lien doan|mat tran|"
    r"ngan hang|kho bac|dai|bao|tong cong ty|cong ty|quan|huyen|thi xa|toa an|truong|chi cuc|tong cuc|doanh nghiep)\b"
)
_HEAD_COLON = re.compile(
    r"^(?P<head>(?:cac\s+)?(?:so|ban|chi cuc|ubnd(?:\s+cac)?(?:\s*,?\s*(?:quan|huyen|thi xa))+|quan|huyen))\s*:\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_HEAD_PLAIN = re.compile(r"^(?P<head>cac\s+so)\s+(?!ban\b|nganh\b|ban,|nganh,)(?P<rest>\S.*,.*)$", re.IGNORECASE)


class AgencyDirectory:
    """The register's agencies and groups, indexed by key."""

    def __init__(self, agencies: list[Agency], groups: list[Group]) -> None:
        self.agencies = list(agencies)
        self.groups = list(groups)
        self._index: dict[str, tuple[str, str]] = {}  # key -> (kind, canonical name)
        self._resolved: dict[str, tuple[Resolution, list[Match]]] = {}
        for g in self.groups:
            for text in (g.name, *g.aliases):
                self._add(text, ("group", g.name))
        for a in self.agencies:
            for text in (a.name, a.short, *a.aliases):
                self._add(text, ("agency", a.name))

    def _add(self, text: str, entry: tuple[str, str]) -> None:
        k = key(text)
        if not k:
            return
        self._index.setdefault(k, entry)

    # --- construction --------------------------------------------------------------------------------

    @classmethod
    def from_records(cls, *, agencies: list[dict] = (), groups: list[dict] = ()) -> AgencyDirectory:  # type: ignore[assignment]
        return cls(
            [
                Agency(
                    name=r["name"],
                    short=r.get("short", "") or "",
                    kind=r.get("kind", "other") or "other",
                    parent=r.get("parent", "") or "",
                    aliases=tuple(r.get("aliases", ()) or ()),
                )
                for r in agencies
            ],
            [
                Group(
                    name=r["name"],
                    aliases=tuple(r.get("aliases", ()) or ()),
                    member_kinds=tuple(r.get("member_kinds", ()) or ()),
                    members=tuple(r.get("members", ()) or ()),
                    open=bool(r.get("open", False)),
                )
                for r in groups
            ],
        )

    @classmethod
    def from_toml(cls, path: str | Path) -> AgencyDirectory:
        data = _load_toml(path)
        return cls.from_records(agencies=data.get("agency", []), groups=data.get("group", []))

    # --- lookups -------------------------------------------------------------------------------------

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(kind, canonical name) of a whole name, exactly (by key), or None."""
        return self._lookup_key(key(text))

    def _lookup_key(self, k: str) -> tuple[str, str] | None:
        if not k:
            return None
        hit = self._index.get(k)
        if hit:
            return hit
        if k.startswith("cac "):
            return self._index.get(k[4:])
        return self._index.get("cac " + k) if self._index.get("cac " + k, ("", ""))[0] == "group" else None

    def _lookup_loose(self, k: str) -> tuple[str, str] | None:
        """Without qualifiers (`liên quan`, `Đề nghị ... phối hợp`)."""
        stripped = _QUALIFIERS_HEAD.sub("", _QUALIFIERS_TAIL.sub("", k)).strip()
        if stripped and stripped != k:
            return self._lookup_key(stripped)
        return None

    def _fuzzy(self, k: str) -> tuple[tuple[str, str], int] | None:
        k = _QUALIFIERS_HEAD.sub("", _QUALIFIERS_TAIL.sub("", k)).strip()
        limit = fuzzy_limit(k)
        if not limit:
            return None
        best: list[tuple[int, str]] = []
        for candidate in self._index:
            if abs(len(candidate) - len(k)) > limit:
                continue
            d = levenshtein(k, candidate, limit)
            if d <= limit:
                best.append((d, candidate))
        if not best:
            return None
        best.sort()
        top = best[0][0]
        names = {self._index[c] for d, c in best if d == top}
        if len(names) != 1:
            return None  # two names as close: not a guess to make
        return names.pop(), top

    # --- a whole cell ---------------------------------------------------------------------------------

    def resolve(self, text: str | None) -> tuple[Resolution, list[Match]]:
        """What a cell names; the same text always reads the same, so it is read once."""
        cached = self._resolved.get(text or "")
        if cached is not None:
            res, matches = cached
            return Resolution(res.text, list(res.agencies), list(res.groups), list(res.unknown)), list(matches)
        out = self._resolve(text)
        if len(self._resolved) < 10000:
            self._resolved[text or ""] = out
        res, matches = out
        return Resolution(res.text, list(res.agencies), list(res.groups), list(res.unknown)), list(matches)

    def _resolve(self, text: str | None) -> tuple[Resolution, list[Match]]:
        written = " ".join((text or "").split())
        if not written:
            return Resolution(None), []
        matches: list[Match] = []
        whole = self._lookup_key(key(written))
        if whole:
            matches.append(Match(written, whole[1], whole[0], "exact"))
        else:
            for part in _SPLIT_STRONG.split(nfc(text or "")):
                part = " ".join(part.split()).strip(" .;,")
                if part:
                    matches.extend(self._resolve_part(part))
        res = Resolution((text or "").strip())  # as written, paragraph breaks included
        for m in matches:
            if m.kind == "agency" and m.name not in res.agencies:
                res.agencies.append(m.name)
            elif m.kind == "group" and m.name not in res.groups:
                res.groups.append(m.name)
            elif m.kind == "unknown" and m.written not in res.unknown:
                res.unknown.append(m.written)
        return res, matches

    def _resolve_part(self, part: str) -> list[Match]:
        hit = self._lookup_key(key(part))
        if hit:
            return [Match(part, hit[1], hit[0], "exact")]
        prefixes: list[str] = []
        body = part
        folded = _fold_keep(part)
        m = _HEAD_COLON.match(folded) or _HEAD_PLAIN.match(folded)
        if m:
            prefixes = _head_prefixes(key(m.group("head")))
            body = part[m.start("rest") :]
        pieces = _SPLIT_WEAK.split(body)
        atoms = [p for p in pieces[0::2]]
        seps = pieces[1::2]
        return self._greedy(atoms, seps, prefixes)

    def _greedy(self, atoms: list[str], seps: list[str], prefixes: list[str]) -> list[Match]:
        out: list[Match] = []
        n = len(atoms)
        p = 0

        def joined(a: int, b: int) -> str:
            text = atoms[a]
            for i in range(a + 1, b):
                text += seps[i - 1] + atoms[i]
            return text.strip(" .")

        while p < n:
            if not atoms[p].strip(" ."):
                p += 1
                continue
            found: Match | None = None
            end = p + 1
            # The shared head first: `Các sở: TC` is Sở Tài chính even if `TC` alone means something else.
            for prefix in prefixes:
                hit = self._lookup_key(key(prefix + " " + atoms[p]))
                if hit:
                    found = Match(atoms[p].strip(" ."), hit[1], hit[0], "head")
                    break
            if found is None:
                for lookup in (self._lookup_key, self._lookup_loose):
                    for q in range(n, p, -1):
                        hit = lookup(key(joined(p, q)))
                        if hit:
                            found, end = Match(joined(p, q), hit[1], hit[0], "exact"), q
                            break
                    if found:
                        break
            if found is None:
                fz = self._fuzzy(key(atoms[p]))
                if fz is None and prefixes:
                    for prefix in prefixes:
                        fz = self._fuzzy(key(prefix + " " + atoms[p]))
                        if fz:
                            break
                if fz:
                    (kind, name), d = fz
                    found = Match(atoms[p].strip(" ."), name, kind, "fuzzy", d)
            if found is None:
                # Unknown: it runs on over the pieces that cannot start a name of their own.
                q = p + 1
                while q < n and not self._starts_known(atoms[q], prefixes) and not _HEAD_WORDS.match(key(atoms[q])):
                    q += 1
                found, end = Match(_clean_unknown(joined(p, q)), None, "unknown", "unknown"), q
            out.append(found)
            p = end
        return out

    def _starts_known(self, atom: str, prefixes: list[str]) -> bool:
        k = key(atom)
        if self._lookup_key(k) or self._lookup_loose(k):
            return True
        return any(self._lookup_key(key(p + " " + atom)) for p in prefixes)


def _fold_keep(text: str) -> str:
    """Folded text of the same length as `text`, so that offsets found in one apply to the other."""
    out = []
    for ch in text:
        f = key(ch) if ch.strip() else ch
        out.append(f[:1] if f else ch)
    return "".join(out)


def _clean_unknown(text: str) -> str:
    text = re.sub(r"^(?:Đề nghị|đề nghị)\s+", "", text)
    text = re.sub(r"\s+(?:phối hợp|liên quan|có liên quan)$", "", text)
    return text.strip(" .")


def _head_prefixes(head_key: str) -> list[str]:
    h = head_key.replace("cac ", "").strip()
    if h.startswith("so"):
        return ["Sở"]
    if h.startswith("chi cuc"):
        return ["Chi cục"]
    if h.startswith("ban"):
        return ["Ban"]
    kinds = []
    if "quan" in h.split():
        kinds.append("UBND quận")
    if "huyen" in h.split():
        kinds.append("UBND huyện")
    if "thi xa" in h:
        kinds.append("UBND thị xã")
    return kinds


# --- leaders ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tenure:
    person: str
    start: date | None = None
    end: date | None = None
    note: str = ""

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def overlaps_year(self, year: int) -> bool:
        return (self.start is None or self.start.year <= year) and (self.end is None or self.end.year >= year)


@dataclass(frozen=True)
class Position:
    name: str
    title: str = ""
    short: str = ""
    portfolio: str = ""
    tenures: tuple[Tenure, ...] = ()


@dataclass(frozen=True)
class LeaderGroup:
    name: str
    aliases: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()


@dataclass
class LeaderMatch:
    written: str
    person: str | None
    how: str  # exact, fuzzy, title, group, unknown
    detail: str = ""


class LeaderDirectory:
    def __init__(self, positions: list[Position], groups: list[LeaderGroup] = ()) -> None:  # type: ignore[assignment]
        self.positions = list(positions)
        self.groups = list(groups)
        self._group_keys = {}
        for g in self.groups:
            for text in (g.name, *g.aliases):
                self._group_keys[key(text)] = g.name
        self._people = sorted({t.person for p in self.positions for t in p.tenures}, key=len, reverse=True)
        self._found: dict[str, tuple[str | None, str, str]] = {}

    @classmethod
    def from_records(cls, *, positions: list[dict] = (), groups: list[dict] = ()) -> LeaderDirectory:  # type: ignore[assignment]
        out = []
        for r in positions:
            tenures = tuple(
                Tenure(t["person"], _date(t.get("start")), _date(t.get("end")), t.get("note", "") or "")
                for t in r.get("tenure", r.get("tenures", [])) or []
            )
            out.append(
                Position(r["name"], r.get("title", "") or "", r.get("short", "") or "", r.get("portfolio", "") or "", tenures)
            )
        return cls(out, [LeaderGroup(g["name"], tuple(g.get("aliases", ()) or ()), tuple(g.get("positions", ()) or ())) for g in groups])

    @classmethod
    def from_toml(cls, path: str | Path) -> LeaderDirectory:
        data = _load_toml(path)
        return cls.from_records(positions=data.get("position", []), groups=data.get("leader_group", []))

    def resolve(self, text: str | None, *, on: date | None = None, year: int | None = None) -> tuple[LeaderRef | None, LeaderMatch | None]:
        as_written = (text or "").strip()
        written = " ".join(as_written.split())
        if not written:
            return None, None
        k = key(written)
        group = self._group_keys.get(k) or self._group_keys.get(_strip_org(k))
        if group:
            return LeaderRef(as_written, group, None), LeaderMatch(written, None, "group")
        person, how, found = self._find_person(written)
        title = _title_hint(k)
        candidates = [p for p in self.positions if any(t.person == person for t in p.tenures)] if person else []
        if person:
            timely = [p for p in candidates if any(t.person == person and _in_time(t, on, year) for t in p.tenures)]
            pool = timely or candidates
            if title == "standing":
                pool = [p for p in pool if "thuong truc" in key(p.title + " " + p.name)] or pool
            position = pool[0] if pool else None
            detail = found if how == "fuzzy" else ""
            if position is not None and not timely:
                how, detail = "out_of_tenure", found
            return LeaderRef(as_written, position.name if position else None, person), LeaderMatch(written, person, how, detail)
        if title:
            pool = [p for p in self.positions if _title_matches(p, title)]
            for p in pool:
                holders = [t for t in p.tenures if _in_time(t, on, year)]
                if holders:
                    holder = holders[-1].person if len(holders) > 1 else holders[0].person
                    return LeaderRef(as_written, p.name, holder), LeaderMatch(written, holder, "title")
            if len(pool) == 1:
                return LeaderRef(as_written, pool[0].name, None), LeaderMatch(written, None, "title")
        return LeaderRef(as_written, None, None), LeaderMatch(written, None, "unknown")

    def _find_person(self, written: str) -> tuple[str | None, str, str]:
        if written not in self._found:
            self._found[written] = self._search_person(written)
        return self._found[written]

    def _search_person(self, written: str) -> tuple[str | None, str, str]:
        tokens = re.findall(r"[\w&]+", nfc(written))
        keys = [key(t) for t in tokens]
        best: tuple[int, str, str] | None = None
        for person in self._people:
            p_tokens = re.findall(r"[\w&]+", person)
            p_key = key(person)
            width = len(p_tokens)
            for i in range(0, len(keys) - width + 1):
                window = " ".join(keys[i : i + width])
                limit = max(fuzzy_limit(p_key), 1 if len(p_key) >= 6 else 0)
                d = levenshtein(window, p_key, limit)
                if d > limit:
                    continue
                original = " ".join(tokens[i : i + width])
                if d == 0 and nfc(original).casefold() != nfc(person).casefold():
                    d_rank = 0  # same key: only diacritics differ (`Tuần` for `Tuấn`)
                    how = "fuzzy"
                else:
                    d_rank = d
                    how = "exact" if d == 0 else "fuzzy"
                cand = (d_rank * 10 + (1 if how == "fuzzy" else 0), person, how + "|" + original)
                if best is None or cand[0] < best[0]:
                    best = cand
        if best is None:
            return None, "unknown", ""
        how, original = best[2].split("|", 1)
        return best[1], how, original


def _strip_org(k: str) -> str:
    return re.sub(r"\s+(?:ubnd\s+)?(?:thanh pho|tp)$", "", k)


def _title_hint(k: str) -> str | None:
    if re.match(r"^(?:pct|pho chu tich)\s+(?:tt|thuong truc)\b", k) or "thuong truc" in k:
        return "standing"
    if re.match(r"^(?:pct|pho chu tich)\b", k):
        return "vice"
    if re.match(r"^(?:ct|chu tich)\b", k):
        return "chair"
    return None


def _title_matches(p: Position, hint: str) -> bool:
    t = key(p.title or p.name)
    if hint == "chair":
        return t.startswith("chu tich")
    if hint == "standing":
        return "thuong truc" in t
    return t.startswith("pho chu tich")


def _in_time(t: Tenure, on: date | None, year: int | None) -> bool:
    if on is not None:
        return t.covers(on)
    if year is not None:
        return t.overlaps_year(year)
    return True


def _date(text) -> date | None:
    if not text:
        return None
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _load_toml(path: str | Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ParseError(f"Không đọc được tệp danh mục {path}.", expected="một tệp TOML của danh mục") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"Tệp danh mục {path} không đúng cú pháp TOML: {exc}.", expected="tệp TOML hợp lệ") from exc
