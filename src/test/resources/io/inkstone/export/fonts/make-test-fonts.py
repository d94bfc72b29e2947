"""Makes the two tiny test fonts (run with fontTools 4.x): a CFF-outline font that covers 中 (to be refused)
and a TrueType font that covers only Latin 'a' (to be refused for Chinese text). Both are made here, from nothing."""
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def box(pen):
    pen.moveTo((100, 0)); pen.lineTo((100, 700)); pen.lineTo((600, 700)); pen.lineTo((600, 0)); pen.closePath()


def names(fb, family):
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(); fb.setupPost(); fb.setupHorizontalHeader(ascent=800, descent=-200)


# CFF outlines, covers 中 and a
fb = FontBuilder(1000, isTTF=False)
glyphs = [".notdef", "a", "uni4E2D"]
fb.setupGlyphOrder(glyphs)
fb.setupCharacterMap({ord("a"): "a", 0x4E2D: "uni4E2D"})
charstrings = {}
for g in glyphs:
    pen = T2CharStringPen(700, None); box(pen); charstrings[g] = pen.getCharString()
fb.setupCFF("InkstoneTestCFF-Regular", {"FullName": "Inkstone Test CFF"}, charstrings, {})
fb.setupHorizontalMetrics({g: (700, 100) for g in glyphs})
names(fb, "Inkstone Test CFF")
fb.save("cff-cjk.otf")

# TrueType outlines, Latin only
fb = FontBuilder(1000, isTTF=True)
glyphs = [".notdef", "a"]
fb.setupGlyphOrder(glyphs)
fb.setupCharacterMap({ord("a"): "a"})
outlines = {}
for g in glyphs:
    pen = TTGlyphPen(None); box(pen); outlines[g] = pen.glyph()
fb.setupGlyf(outlines)
fb.setupHorizontalMetrics({g: (700, 100) for g in glyphs})
names(fb, "Inkstone Test Latin")
fb.save("latin-only.ttf")
