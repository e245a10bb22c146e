#!/usr/bin/env python3
"""Checks, with real QGIS, that the styles `swsplan analyze` writes to the GeoPackage
`layer_styles` table (from the app's renderer, app/render/style_qml.cpp) are applied when
QGIS opens the results and the base layers.

Optional and run by hand: QGIS is not installed in CI. On Debian 12:
    apt-get install -y qgis python3-qgis
Usage:
    swsplan sample --out /tmp/demo.gpkg && swsplan analyze /tmp/demo.gpkg
    QT_QPA_PLATFORM=offscreen python3 scripts/check_qgis_styles.py /tmp/demo.gpkg [OUT_DIR]

For gap_communes, district_priority and the admin layers it loads the layer as QGIS would
(the default style of layer_styles is applied on load), prints the renderer type and its
categories or ranges with colours, checks them against what swsplan draws (2x2 class colours
with "not classified" as the grey hatched "all other values"; district priority in yellow to
red quantiles; provinces and districts as outlines), and renders each layer to
OUT_DIR/<layer>.png to look at. Exits 1 on any mismatch.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

# What app/render/style.cpp draws: class value -> RGB of the 2x2 map; "" is QGIS's "all
# other values" (not classified: light grey under a dark hatch).
CLASS_COLOURS = {
    "served": (217, 217, 217),
    "unaffordable": (116, 169, 207),
    "unavailable": (244, 165, 96),
    "unavailable_unaffordable": (178, 24, 43),
    "": (224, 224, 224),
}
# ColorBrewer YlOrRd ends of the app's graduated ramp.
RAMP_FIRST, RAMP_LAST = (255, 255, 178), (128, 0, 38)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def rgb(symbol):
    c = symbol.color()
    return (c.red(), c.green(), c.blue())


def describe(layer):
    r = layer.renderer()
    kind = r.type() if r else None
    print(f"{layer.name()}: {layer.featureCount()} features, renderer {kind}")
    if kind == "categorizedSymbol":
        print(f"  attribute {r.classAttribute()}")
        for c in r.categories():
            print(f"  category {c.value()!r:28} {rgb(c.symbol())} '{c.label()}'")
    elif kind == "graduatedSymbol":
        print(f"  attribute {r.classAttribute()}")
        for g in r.ranges():
            print(f"  range {g.lowerValue():.4f}-{g.upperValue():.4f} {rgb(g.symbol())} '{g.label()}'")
    elif r is not None:
        print(f"  symbol colour {rgb(r.symbol()) if hasattr(r, 'symbol') and r.symbol() else None}")
    return kind


def render(layer, path):
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setDestinationCrs(layer.crs())
    ms.setExtent(layer.extent())
    ms.setOutputSize(QSize(900, 700))
    ms.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(path, "png")
    print(f"  rendered {path}")


def load(gpkg, name):
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    if not layer.isValid():
        fail(f"QGIS cannot open layer {name} of {gpkg}")
        return None
    # What QGIS does when a layer is added to a project: load the default style from the
    # provider's layer_styles table.
    msg, ok = layer.loadDefaultStyle()
    print(f"{name}: default style loaded={ok} ({msg})")
    if not ok:
        fail(f"{name}: no default style applied: {msg}")
    return layer


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    gpkg = os.path.abspath(sys.argv[1])
    out_dir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(gpkg))
    os.makedirs(out_dir, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        # Every style row of the table, as QGIS lists them.
        for name in ("gap_communes", "district_priority", "provinces", "districts", "communes"):
            layer = load(gpkg, name)
            if layer is None:
                continue
            # (count of this layer's styles, ids, names, descriptions, error); this layer's first.
            n_own, ids, names, descs, err = layer.listStylesInDatabase()
            ids, names = ids[:n_own], names[:n_own]
            print(f"  styles of {name} in layer_styles: {names} {err}")
            kind = describe(layer)
            if name == "gap_communes":
                if kind != "categorizedSymbol":
                    fail(f"gap_communes: renderer {kind}, expected categorizedSymbol")
                else:
                    r = layer.renderer()
                    if not r.classAttribute().startswith("class_"):
                        fail(f"gap_communes: categories on {r.classAttribute()}, expected class_<service>")
                    if layer.fields().indexOf(r.classAttribute()) < 0:
                        fail(f"gap_communes: style field {r.classAttribute()} is not a field of the layer")
                    got = {c.value(): rgb(c.symbol()) for c in r.categories()}
                    if got != CLASS_COLOURS:
                        fail(f"gap_communes: categories {got} != {CLASS_COLOURS}")
                    # The hatch of "not classified" over its opaque grey.
                    other = [c for c in r.categories() if c.value() == ""]
                    if not other or other[0].symbol().symbolLayerCount() != 2:
                        fail("gap_communes: 'all other values' is not grey under a hatch")
                # The deprivation choropleth is stored as a second, non-default style.
                for sid, sname in zip(ids, names):
                    if sname == "deprivation":
                        dep = QgsVectorLayer(f"{gpkg}|layername={name}", "deprivation", "ogr")
                        qml, err = dep.getStyleFromDatabase(sid)
                        from qgis.PyQt.QtXml import QDomDocument

                        doc = QDomDocument()
                        doc.setContent(qml)
                        ok, msg = dep.importNamedStyle(doc)
                        if not ok:
                            fail(f"deprivation style rejected: {msg}")
                        dkind = describe(dep)
                        if dkind != "graduatedSymbol":
                            fail(f"deprivation style: renderer {dkind}, expected graduatedSymbol")
                        else:
                            rs = dep.renderer().ranges()
                            if len(rs) != 5:
                                fail(f"deprivation style: {len(rs)} ranges, expected 5")
                            for a, b in zip(rs, rs[1:]):
                                if a.upperValue() > b.lowerValue() + 1e-9:
                                    fail("deprivation style: ranges overlap")
                        render(dep, os.path.join(out_dir, "gap_communes_deprivation.png"))
            if name == "district_priority":
                if kind not in ("graduatedSymbol",):
                    fail(f"district_priority: renderer {kind}, expected graduatedSymbol on priority_index")
                elif layer.renderer().classAttribute() != "priority_index":
                    fail(f"district_priority: graduated on {layer.renderer().classAttribute()}")
                else:
                    rs = layer.renderer().ranges()
                    if len(rs) != 5 or rgb(rs[0].symbol()) != RAMP_FIRST or rgb(rs[-1].symbol()) != RAMP_LAST:
                        fail("district_priority: not the app's 5 yellow-to-red quantile classes")
            if name in ("provinces", "districts"):
                fill = layer.renderer().symbol().symbolLayer(0) if kind == "singleSymbol" else None
                if fill is None or fill.brushStyle() != 0:  # Qt.NoBrush: an outline only
                    fail(f"{name}: not drawn as an outline (it would hide the gap map)")
            render(layer, os.path.join(out_dir, f"{name}.png"))
    finally:
        app.exitQgis()
    print("OK" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
