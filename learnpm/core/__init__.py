"""Pure rules every feature shares about what users type: no Flask, no SQLAlchemy, no WTForms."""
