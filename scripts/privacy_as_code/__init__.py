"""Privacy as code: Cloudberries' privacy statement and Art. 30 records as YAML."""

__version__ = "0.1.0"
