"""Consents and support schemes name their referent through one query
(``referents.with_referents``): the name (and the organisation, for a scheme), "" without
a referent, every record of the person in order or only the one asked for."""

from __future__ import annotations

import datetime as dt

import pytest

from pairdesk.domain.enums import ConsentMethod, ConsentPurpose, Scheme
from pairdesk.services import consents, schemes
from pairdesk.services.context import ServiceContext
from pairdesk.services.referents import ReferentInput, create_referent
from tests.factories import make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def test_consents_and_schemes_carry_their_referent(ctx: ServiceContext) -> None:
    helene = make_participant(ctx, "Hélène", "Dupont").id
    other = make_participant(ctx, "Marc", "Lefort").id
    sylvie = create_referent(ctx, ReferentInput("Sylvie Marchand", organisation="Cap emploi 33"))
    later = consents.record_consent(
        ctx, helene, ConsentPurpose.PHOTOS, dt.date(2026, 3, 2), ConsentMethod.WRITTEN
    )
    first = consents.record_consent(
        ctx,
        helene,
        ConsentPurpose.KEEP_FILE,
        dt.date(2026, 1, 5),
        ConsentMethod.WRITTEN,
        referent_id=sylvie.id,
    )
    consents.record_consent(
        ctx, other, ConsentPurpose.PHOTOS, dt.date(2026, 1, 1), ConsentMethod.WRITTEN
    )
    assert (first.referent_name, later.referent_name) == ("Sylvie Marchand", "")

    undated = schemes.add_scheme(ctx, helene, Scheme.CAP_EMPLOI, sylvie.id)
    dated = schemes.add_scheme(ctx, helene, Scheme.OTHER, started_on=dt.date(2026, 2, 1))
    assert (undated.referent_name, undated.referent_organisation) == (
        "Sylvie Marchand",
        "Cap emploi 33",
    )
    assert (dated.referent_name, dated.referent_organisation) == ("", "")

    with ctx.transaction() as session:
        assert [c.id for c in consents.consent_rows(session, helene)] == [first.id, later.id]
        assert consents.consent_rows(session, helene, later.id) == [later]
        # dated schemes first, then the ones without a start date
        assert [s.id for s in schemes.scheme_rows(session, helene)] == [dated.id, undated.id]
        assert schemes.scheme_rows(session, helene, undated.id) == [undated]
