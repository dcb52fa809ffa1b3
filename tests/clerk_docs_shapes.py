"""A header in text boxes, as Word 2010+ writes a text box: wps:txbx in mc:AlternateContent, VML fallback."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree
from lxml.etree import _Element as Element

__all__ = ["text_box_run"]


_EXTRA_NS = {
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}


def text_box_run(paragraphs: list[Element], x_cm: float, width_cm: float, height_cm: float, shape_id: int) -> Element:
    """A run holding an anchored text box: wps:txbx inside mc:AlternateContent, VML fallback, as Word 2010+."""

    def emu(cm: float) -> str:
        return str(round(cm * 360000))

    content = "".join(etree.tostring(p, encoding="unicode") for p in paragraphs)
    content = content.replace(f" {nsdecls('w')}", "")
    ns = nsdecls("w", "wp", "a", "pic") + "".join(f' xmlns:{k}="{v}"' for k, v in _EXTRA_NS.items())
    xml = f"""<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps">
<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"
 relativeHeight="{251658240 + shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>{emu(x_cm)}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="{emu(width_cm)}" cy="{emu(height_cm)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="{shape_id}" name="Text Box {shape_id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>
<a:ext cx="{emu(width_cm)}" cy="{emu(height_cm)}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="6350"><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0">
<a:noAutofit/></wps:bodyPr>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
 path="m,l,21600r21600,l21600,xe">
<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
<v:shape id="Text Box {shape_id}" o:spid="_x0000_s{1025 + shape_id}" type="#_x0000_t202" filled="f" stroked="f"
 strokeweight=".5pt"
 style="position:absolute;margin-left:{x_cm}cm;margin-top:0;width:{width_cm}cm;height:{height_cm}cm;z-index:{shape_id}">
<v:textbox inset="0,0,0,0"><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
    return parse_xml(xml.replace("\n", ""))
