"""The European Economic Area: where a transfer is not a transfer (GDPR Chapter V)."""

EEA = frozenset(
    ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"]
)
"""EU member states (ISO 3166-1 alpha-2) plus Iceland, Liechtenstein and Norway."""
