"""How the platform shows things to people: times in Beijing time with their offset, UN/ECE units and EPCIS /
CBV words in plain Chinese (English with the language switch). Used by every Django template (the filters are
built in: ``foodtrace/display/filters.py``) and by the public look-up's Jinja2 pages (``foodtrace/jinja2.py``).

Kernel floor: imports only Django and the standard library.
"""
