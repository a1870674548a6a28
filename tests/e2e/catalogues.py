"""catalogues.py — the translated lines of the machine's message catalogues
(/usr/share/locale/<lang>/LC_MESSAGES/*.mo): real text in many scripts that no
one here wrote, for test_glyphs.py and test_pango.py."""
import gettext
import glob


def translated_lines(lang):
    """Each line of each translation of @lang's catalogues, in catalogue order
    (files sorted by name); unreadable catalogues are skipped."""
    for path in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except (OSError, gettext.error, UnicodeDecodeError):
            continue
        for value in catalog.values():
            yield from str(value).splitlines()
