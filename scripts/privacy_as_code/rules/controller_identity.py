"""The controller is a company that readers can identify and contact.

``records/organisation.yaml`` names the controller with legal name,
organisation number, address and e-mail (the schema requires them; unknown
values are open questions). The controller is the company as a legal person:
a role such as "CTO" or "daglig leder" is an internal owner
(``internal_owner``), never the controller.

Why: GDPR Art. 4(7) (the controller decides purposes and means, as a legal
or natural person), Art. 13(1)(a) and 14(1)(a) (identity and contact
details), Art. 24 (responsibility stays with the company).

Passing::

    controller:
      legal_name: Eksempel AS
      organisation_number: "123456789"
      address: {street: Gata 1, postcode: "0150", city: Oslo, country: "NO"}
      email: personvern@example.no

Failing::

    controller:
      legal_name: Chief Technology Officer (CTO)     # a role, not the company
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding

ID = "controller-identity"
_ROLE = re.compile(
    r"\b(CTO|CEO|CIO|CISO|DPO|officer|direktør|daglig leder|leder|manager|avdeling|department)\b",
    re.IGNORECASE,
)


def check(project: Project) -> Iterator[Finding]:
    controller = project.mapping("organisation", "controller")
    name = controller.get("legal_name")
    if isinstance(name, str) and _ROLE.search(name):
        yield finding(project.organisation, ("controller", "legal_name"), ID, "a-role", name=name)
