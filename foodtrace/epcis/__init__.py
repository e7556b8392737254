"""The EPCIS 2.0 / CBV 2.0 language: parse, validate, hash and serialise (plain Python, no Django)."""
