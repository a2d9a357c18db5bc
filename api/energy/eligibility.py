"""Eligibility of a household and the money left to pay for works (issue 15, point 5).

Pure functions over a `ReferenceData`: the Anah income category (MaPrimeRénov'), the chèque énergie
and its own consumption-unit scale, the département's FSL rules, and MaPrimeRénov' par geste amounts.
Every ceiling, band and amount is a dated reference row with its source; a row « à renseigner »
(value None) makes the verdict "non calculable : … à renseigner", never a guess.

Tables read (api/energy/reference.py, ELIGIBILITY_ROWS):
- anah_ceiling   `<zone>/<category>/<persons>` (1 to 5) and `<zone>/<category>/extra` (per further
                 person), zone `outside_idf` or `idf`, category `very_modest`, `modest`, `intermediate`;
                 a household is in a category when its RFR is lower than or equal to the ceiling.
- cheque_energie `uc_first`, `uc_second`, `uc_further` (the unit scale), `ceiling_rfr_per_uc` (strict),
                 `band_2_from`, `band_3_from`, `band_4_from` (lower bounds of the RFR/UC bands, inclusive),
                 `amount/<band>/<uc_class>` with uc_class `one`, `one_to_two` (1 < UC < 2), `two_or_more`.
- fsl_jura       `income_ceiling/<persons>` (1 to 5), `income_ceiling/extra`, `max_aid_energy`.
- aid_amount     `<work>/<category>`: € par m², € par équipement or € forfait (the unit says which).
- aid_cap        `<work>`: the largest quantity the amount applies to (m² or équipements).
- aid_max_share  `<category>`: the largest share of the cost TTC all aids together may reach (écrêtement).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from api.energy.reference import ReferenceData
from api.formatting import euros, french_date, number

MPR = "MaPrimeRénov'"
IDF_DEPARTMENTS = frozenset({"75", "77", "78", "91", "92", "93", "94", "95"})


class AnahCategory(StrEnum):
    very_modest = "very_modest"
    modest = "modest"
    intermediate = "intermediate"
    higher = "higher"


CATEGORY_LABELS = {
    AnahCategory.very_modest: "très modestes", AnahCategory.modest: "modestes",
    AnahCategory.intermediate: "intermédiaires", AnahCategory.higher: "supérieurs",
}
ZONE_LABELS = {"outside_idf": "hors Île-de-France", "idf": "Île-de-France"}
CEILING_ORDER = (AnahCategory.very_modest, AnahCategory.modest, AnahCategory.intermediate)


def zone_of(postcode: str | None) -> str:
    """Île-de-France has its own ceilings; the département is the postcode's first two digits."""
    return "idf" if postcode and postcode[:2] in IDF_DEPARTMENTS else "outside_idf"


@dataclass(frozen=True)
class Verdict:
    """One eligibility answer. `explanation` may quote income and ceilings (social team);
    `summary` never does (what an advisor without income access reads)."""

    value: str | None
    explanation: str
    summary: str
    missing: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _sources(reference: ReferenceData, keys: Iterable[tuple[str, str]]) -> list[str]:
    seen: list[str] = []
    for table, key in keys:
        source = reference.source(table, key)
        if source and source not in seen:
            seen.append(source)
    return seen


def _in_force(reference: ReferenceData, table: str, key: str) -> str:
    row = reference.row(table, key)
    return f"barème en vigueur au {french_date(row.valid_from)}" if row else "barème absent"


# --- Anah income category ----------------------------------------------------------------------

def anah_ceiling(reference: ReferenceData, zone: str, category: AnahCategory, persons: int) -> Decimal | None:
    """The ceiling for this household size: the table goes to 5 persons, then adds `extra` per person."""
    if persons <= 5:
        return reference.maybe("anah_ceiling", f"{zone}/{category}/{persons}")
    five = reference.maybe("anah_ceiling", f"{zone}/{category}/5")
    extra = reference.maybe("anah_ceiling", f"{zone}/{category}/extra")
    return None if five is None or extra is None else five + extra * (persons - 5)


def _ceiling_keys(zone: str, category: AnahCategory, persons: int) -> list[tuple[str, str]]:
    if persons <= 5:
        return [("anah_ceiling", f"{zone}/{category}/{persons}")]
    return [("anah_ceiling", f"{zone}/{category}/5"), ("anah_ceiling", f"{zone}/{category}/extra")]


def anah_category(persons: int | None, rfr: Decimal | None, zone: str, reference: ReferenceData) -> Verdict:
    """Très modestes, modestes, intermédiaires or supérieurs: the first category whose ceiling the
    revenu fiscal de référence does not exceed (RFR ≤ plafond), for the number of persons of the
    household and its zone (Île-de-France or not)."""
    if not persons or persons < 1:
        return _not_computable("nombre de personnes du ménage à renseigner", "Catégorie Anah")
    if rfr is None:
        return _not_computable("revenu fiscal de référence à renseigner", "Catégorie Anah")
    where = ZONE_LABELS[zone]
    keys: list[tuple[str, str]] = []
    for category in CEILING_ORDER:
        keys += _ceiling_keys(zone, category, persons)
        ceiling = anah_ceiling(reference, zone, category, persons)
        label = CATEGORY_LABELS[category]
        if ceiling is None:
            missing = f"plafond « {label} » {where} pour {persons} personne(s) à renseigner"
            return _not_computable(missing, "Catégorie Anah", _sources(reference, keys))
        if rfr <= ceiling:
            when = _in_force(reference, "anah_ceiling", keys[-1][1])
            return Verdict(
                value=category.value,
                explanation=f"Revenu fiscal de référence de {euros(rfr)} pour {persons} personne(s), {where} : "
                            f"inférieur ou égal au plafond « {label} » de {euros(ceiling)} ({when}) : "
                            f"ménage aux ressources {label}.",
                summary=f"Catégorie Anah : ressources {label} ({persons} personne(s), {where}, {when}).",
                sources=_sources(reference, keys))
    last = anah_ceiling(reference, zone, AnahCategory.intermediate, persons)
    when = _in_force(reference, "anah_ceiling", keys[-1][1])
    label = CATEGORY_LABELS[AnahCategory.higher]
    return Verdict(
        value=AnahCategory.higher.value,
        explanation=f"Revenu fiscal de référence de {euros(rfr)} pour {persons} personne(s), {where} : au-dessus du "
                    f"plafond « intermédiaires » de {euros(last)} ({when}) : ménage aux ressources {label}.",
        summary=f"Catégorie Anah : ressources {label} ({persons} personne(s), {where}, {when}).",
        sources=_sources(reference, keys))


def _not_computable(missing: str, what: str, sources: list[str] | None = None) -> Verdict:
    text = f"{what} : non calculable : {missing}."
    return Verdict(value=None, explanation=text, summary=text, missing=[missing], sources=sources or [])


# --- chèque énergie ------------------------------------------------------------------------------

def cheque_energie_units(persons: int, reference: ReferenceData) -> Decimal:
    """Code de l'énergie R124-1: 1 for the first person, 0.5 for the second, 0.3 for each further
    person, whatever their age (not the INSEE scale)."""
    first, second, further = (reference.get("cheque_energie", k) for k in ("uc_first", "uc_second", "uc_further"))
    if persons <= 0:
        return Decimal(0)
    return first + (second if persons >= 2 else 0) + further * max(persons - 2, 0)


def uc_class(units: Decimal) -> str:
    """The arrêté's three columns: 1 UC, 1 < UC < 2, 2 UC ou plus."""
    return "one" if units <= 1 else "one_to_two" if units < 2 else "two_or_more"


UC_CLASS_LABELS = {"one": "1 UC", "one_to_two": "entre 1 et 2 UC", "two_or_more": "2 UC ou plus"}


@dataclass(frozen=True)
class ChequeEnergie:
    eligible: bool | None
    amount_eur: Decimal | None
    units: Decimal | None
    rfr_per_unit: Decimal | None
    verdict: Verdict


def cheque_energie(persons: int | None, rfr: Decimal | None, reference: ReferenceData) -> ChequeEnergie:
    """Eligible when RFR ÷ UC < the ceiling; the amount from the band of RFR/UC (lower bounds
    inclusive) and the UC column."""
    what = "Chèque énergie"
    if not persons or persons < 1:
        return ChequeEnergie(None, None, None, None, _not_computable("nombre de personnes du ménage à renseigner", what))
    scale = [("cheque_energie", k) for k in ("uc_first", "uc_second", "uc_further")]
    if any(reference.maybe(*k) is None for k in scale):
        return ChequeEnergie(None, None, None, None, _not_computable("échelle d'unités de consommation à renseigner",
                                                                     what, _sources(reference, scale)))
    units = cheque_energie_units(persons, reference)
    if rfr is None:
        return ChequeEnergie(None, None, units, None, _not_computable("revenu fiscal de référence à renseigner", what))
    ceiling = reference.maybe("cheque_energie", "ceiling_rfr_per_uc")
    if ceiling is None:
        return ChequeEnergie(None, None, units, None, _not_computable("plafond de revenu par UC à renseigner", what))
    per_unit = rfr / units
    column = uc_class(units)
    uc_text = f"{persons} personne(s) = {number(units)} UC"
    keys = [*scale, ("cheque_energie", "ceiling_rfr_per_uc")]
    when = _in_force(reference, "cheque_energie", "ceiling_rfr_per_uc")
    if per_unit >= ceiling:
        return ChequeEnergie(False, Decimal(0), units, per_unit, Verdict(
            value="not_eligible",
            explanation=f"Chèque énergie : non éligible. Revenu fiscal de référence {euros(rfr)} ÷ {number(units)} UC "
                        f"({uc_text}) = {euros(per_unit)} par UC, pas sous le plafond de {euros(ceiling)} ({when}).",
            summary=f"Chèque énergie : non éligible ({uc_text}, {when}).", sources=_sources(reference, keys)))
    bounds = [("1", Decimal(0))]
    for band in ("2", "3", "4"):
        bound = reference.maybe("cheque_energie", f"band_{band}_from")
        keys.append(("cheque_energie", f"band_{band}_from"))
        if bound is None:
            return ChequeEnergie(True, None, units, per_unit, Verdict(
                value="eligible", explanation=f"Chèque énergie : éligible ({euros(per_unit)} par UC, sous "
                f"{euros(ceiling)}) ; montant non calculable : tranche {band} du barème à renseigner.",
                summary="Chèque énergie : éligible ; montant non calculable : barème à renseigner.",
                missing=[f"tranche {band} du barème à renseigner"], sources=_sources(reference, keys)))
        bounds.append((band, bound))
    band = max((b for b, lower in bounds if per_unit >= lower), key=int)
    keys.append(("cheque_energie", f"amount/{band}/{column}"))
    amount = reference.maybe("cheque_energie", f"amount/{band}/{column}")
    lower = dict(bounds)[band]
    upper = dict(bounds).get(str(int(band) + 1), ceiling)
    band_text = f"tranche de {euros(lower)} à moins de {euros(upper)} par UC, colonne « {UC_CLASS_LABELS[column]} »"
    if amount is None:
        return ChequeEnergie(True, None, units, per_unit, Verdict(
            value="eligible", explanation=f"Chèque énergie : éligible ({euros(per_unit)} par UC, {band_text}) ; "
            "montant non calculable : montant à renseigner.",
            summary="Chèque énergie : éligible ; montant non calculable : montant à renseigner.",
            missing=["montant du chèque à renseigner"], sources=_sources(reference, keys)))
    return ChequeEnergie(True, amount, units, per_unit, Verdict(
        value="eligible",
        explanation=f"Chèque énergie : éligible, {euros(amount)} par an. Revenu fiscal de référence {euros(rfr)} ÷ "
                    f"{number(units)} UC ({uc_text}) = {euros(per_unit)} par UC, sous le plafond de {euros(ceiling)} ; "
                    f"{band_text} ({when}).",
        summary=f"Chèque énergie : éligible ({uc_text}, {when}).", sources=_sources(reference, keys)))


# --- the département's FSL ---------------------------------------------------------------------------

def fsl_verdict(persons: int | None, monthly_resources: Decimal | None, reference: ReferenceData) -> Verdict:
    """The Jura FSL energy rules as a configurable table: a ceiling of monthly resources by household
    size and the largest aid. No public source is known: until the table is filled, the verdict says so."""
    what = "FSL énergie"
    if not persons or persons < 1:
        return _not_computable("nombre de personnes du ménage à renseigner", what)
    key = f"income_ceiling/{min(persons, 5)}"
    keys = [("fsl_jura", key)] + ([("fsl_jura", "income_ceiling/extra")] if persons > 5 else [])
    ceiling = reference.maybe("fsl_jura", key)
    if ceiling is not None and persons > 5:
        extra = reference.maybe("fsl_jura", "income_ceiling/extra")
        ceiling = None if extra is None else ceiling + extra * (persons - 5)
    if ceiling is None:
        return _not_computable("règles FSL du Jura à renseigner", what, _sources(reference, keys))
    if monthly_resources is None:
        return _not_computable("ressources mensuelles à renseigner", what, _sources(reference, keys))
    maximum = reference.maybe("fsl_jura", "max_aid_energy")
    cap = f" Aide au plus de {euros(maximum)}." if maximum is not None else " Montant maximal : à renseigner."
    within = monthly_resources <= ceiling
    verdict = "sous le plafond : demande possible" if within else "au-dessus du plafond"
    return Verdict(
        value="within_ceiling" if within else "above_ceiling",
        explanation=f"FSL énergie du Jura : ressources mensuelles de {euros(monthly_resources)} pour {persons} "
                    f"personne(s), plafond de {euros(ceiling)} : {verdict}.{cap} La décision revient à la commission du FSL.",
        summary=f"FSL énergie du Jura : {verdict} ({persons} personne(s)). La décision revient à la commission du FSL.",
        sources=_sources(reference, keys + [("fsl_jura", "max_aid_energy")]))


# --- aids per work and the money left to pay ------------------------------------------------------------

@dataclass(frozen=True)
class AidLine:
    work: str
    scheme: str
    amount_eur: Decimal | None
    capped: bool
    explanation: str
    source: str


def aid_for_work(work: str, category: str | None, quantity: Decimal, cost_ttc: Decimal,
                 reference: ReferenceData) -> AidLine:
    """MaPrimeRénov' par geste for one work: the dated amount for the household's category, per m² or
    per équipement up to the table's cap on the quantity, or a lump sum; never more than the share of
    the cost TTC the écrêtement allows, nor more than the cost itself.

    `quantity` is in the unit of the amount row: m² for « € par m² », a number of équipements for
    « € par équipement » (windows), ignored for « € forfait »."""
    key = f"{work}/{category}"
    row = reference.row("aid_amount", key) if category else None
    source = row.source if row else ""
    if category is None:
        return AidLine(work, MPR, None, False, f"{MPR} : non calculable : catégorie Anah non calculable.", "")
    if row is None or row.value is None:
        label = CATEGORY_LABELS.get(AnahCategory(category), category) if category in set(AnahCategory) else category
        return AidLine(work, MPR, None, False,
                       f"{MPR} : non calculable : montant pour ce geste (ressources {label}) à renseigner.", source)
    rate, unit = row.value, row.unit
    lump_sum = "forfait" in unit
    capped = False
    notes: list[str] = []
    if lump_sum:
        amount = rate
        text = f"forfait de {euros(rate)}"
    else:
        counted = quantity
        cap = reference.maybe("aid_cap", work)
        if cap is not None and quantity > cap:
            counted, capped = cap, True
            notes.append(f"quantité plafonnée à {number(cap)}")
        amount = rate * counted
        per = "équipement" if "équipement" in unit else "m²"
        text = f"{euros(rate)} par {per} × {number(counted)}"
    share = reference.maybe("aid_max_share", category)
    if share is not None and amount > cost_ttc * share:
        amount, capped = cost_ttc * share, True
        notes.append(f"écrêtée à {number(share * 100, 0)} % du coût TTC")
    elif share is None:
        notes.append("écrêtement (part maximale du coût) à renseigner")
    if amount > cost_ttc:
        amount, capped = cost_ttc, True
        notes.append("limitée au coût TTC")
    amount = amount.quantize(Decimal("0.01"))
    when = french_date(row.valid_from)
    extra = f" ({' ; '.join(notes)})" if notes else ""
    return AidLine(work, MPR, amount, capped,
                   f"{MPR} par geste, ressources {CATEGORY_LABELS[AnahCategory(category)]} : {text} = {euros(amount)}"
                   f"{extra} ; barème en vigueur au {when}, sous réserve des conditions du geste.", source)


def money_left(cost_ttc: Decimal, aids: Iterable[AidLine]) -> Decimal:
    """The cost TTC less the aids that could be computed; never negative (an aid never pays more
    than the work). Aids « non calculable » count as zero: the amount left is then an upper bound."""
    total = sum((a.amount_eur for a in aids if a.amount_eur is not None), Decimal(0))
    return max(cost_ttc - total, Decimal(0)).quantize(Decimal("0.01"))
