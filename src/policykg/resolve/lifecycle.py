"""A catalog document's validity history ('lịch sử hiệu lực') and its status on a given day."""

from __future__ import annotations

from dataclasses import dataclass

from policykg.catalog import Catalog, CatalogDocument


@dataclass(frozen=True)
class Lifecycle:
    status: str  # a slug of the LifecycleStatus scheme
    no_longer_in_force: str | None  # the day its replacement entered into force
    replaced_by: tuple[CatalogDocument, ...]
    amended_by: tuple[CatalogDocument, ...]
    derived_from_unverified: bool  # the status rests on an unverified fact


def lifecycle(doc: CatalogDocument, catalog: Catalog, on: str) -> Lifecycle:
    """Status on day `on` (ISO date), from the catalog's dates and replaces / amends facts."""
    replaced_by = tuple(d for d in catalog.documents if doc.number in (d.value("replaces") or []))
    amended_by = tuple(d for d in catalog.documents if doc.number in (d.value("amends") or []))
    unverified = any(d.facts["replaces"].verification == "unverified" for d in replaced_by)
    ended = min((d.value("date_in_force") for d in replaced_by if d.value("date_in_force")), default=None)
    if ended and ended <= on:
        return Lifecycle("replaced", ended, replaced_by, amended_by, unverified)
    if any((d.value("date_signed") or "9999") <= on for d in replaced_by):
        return Lifecycle("replacement-pending", ended, replaced_by, amended_by, unverified)
    in_force = doc.value("date_in_force")
    if in_force is None:
        return Lifecycle("unknown", ended, replaced_by, amended_by, unverified)
    if in_force > on:
        return Lifecycle("issued", ended, replaced_by, amended_by, unverified)
    # An amendment takes effect with the amending act, not when it is signed; unknown entry into force: not yet.
    if any((d.value("date_in_force") or "9999") <= on for d in amended_by):
        return Lifecycle("amended", ended, replaced_by, amended_by, unverified)
    return Lifecycle("in-force", ended, replaced_by, amended_by, unverified)


@dataclass(frozen=True)
class LifecycleEvent:
    status: str  # issued | in-force | amended (the amending act in force) | replacement-pending | replaced
    date: str
    by: CatalogDocument | None  # the amending or replacing document
    verification: str


def history(doc: CatalogDocument, catalog: Catalog) -> list[LifecycleEvent]:
    """The document's validity history, oldest first, each event as verified as the fact it rests on."""
    events = []
    for field, status in (("date_signed", "issued"), ("date_in_force", "in-force")):
        fact = doc.facts.get(field)
        if fact:
            events.append(LifecycleEvent(status, fact.value, None, fact.verification))
    for other in catalog.documents:
        for relation, signed_status, effective_status in (("amends", None, "amended"),
                                                          ("replaces", "replacement-pending", "replaced")):
            fact = other.facts.get(relation)
            if not fact or doc.number not in fact.value:
                continue
            if signed_status and other.value("date_signed"):
                events.append(LifecycleEvent(signed_status, other.value("date_signed"), other, fact.verification))
            if effective_status and other.value("date_in_force"):
                events.append(LifecycleEvent(effective_status, other.value("date_in_force"), other, fact.verification))
    return sorted(events, key=lambda e: e.date)
