"""One file that is both accessible (PDF/UA-1) and archivable (PDF/A-2a).

WeasyPrint 70 writes one identification per render (``pdf_variant``). Its PDF/A-2a
variant already does what PDF/UA-1 asks of the file itself (tags, ``MarkInfo``,
``DisplayDocTitle``, ``Lang``, title, embedded fonts); only the PDF/UA identification in
the XMP metadata is missing. ``ArchiveMetadata`` adds it, together with the extension
schema PDF/A requires for every XMP property outside its predefined schemas.

PDF/A asks for a file identifier (the trailer's /ID), which pydyf derives from a hash of
every object's serialization, and then serializes every object again to write it: twice
the serialization, compressing every stream (fonts, page contents) twice at zlib level 9.
``pdf_objects_serialize_once``, given to ``write_pdf`` as its finisher, serializes each
object once for both; the file stays byte for byte the same.
"""

from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

import pydyf
from weasyprint.pdf.metadata import NS, DocumentMetadata

PDF_VARIANT = "pdf/a-2a"
PDF_UA_PART = "1"

RDF = NS["rdf"]
PDFUAID = NS["pdfuaid"]
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
# Validators expect the extension schema under its customary prefixes (WeasyPrint
# registers its own the same way).
for _prefix, _uri in (("pdfaExtension", EXTENSION), ("pdfaSchema", SCHEMA), ("pdfaProperty", PROPERTY)):
    register_namespace(_prefix, _uri)


class ArchiveMetadata(DocumentMetadata):
    """WeasyPrint's document metadata, identifying the file as PDF/UA-1 as well."""

    @classmethod
    def of(cls, metadata: DocumentMetadata, *, created: str) -> "ArchiveMetadata":
        """The metadata WeasyPrint read from the HTML (title, language, author), with the creation date."""
        return cls(**{**vars(metadata), "created": created})

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        identification = SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
        identification.set(f"{{{PDFUAID}}}part", PDF_UA_PART)
        rdf.append(_pdfuaid_extension_schema())
        return tostring(rdf, encoding="utf-8")


def _pdfuaid_extension_schema() -> Element:
    """The description of the pdfuaid schema that PDF/A validators look for (ISO 19005-2, 6.6.2.3)."""
    resource = {f"{{{RDF}}}parseType": "Resource"}
    description = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    schemas = SubElement(SubElement(description, f"{{{EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = SubElement(schemas, f"{{{RDF}}}li", resource)
    for name, text in (
        ("namespaceURI", PDFUAID),
        ("prefix", "pdfuaid"),
        ("schema", "PDF/UA identification schema"),
    ):
        SubElement(schema, f"{{{SCHEMA}}}{name}").text = text
    properties = SubElement(SubElement(schema, f"{{{SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(properties, f"{{{RDF}}}li", resource)
    for name, text in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "Indicates, which part of ISO 14289 standard is followed"),
    ):
        SubElement(part, f"{{{PROPERTY}}}{name}").text = text
    return description


class _Serialized(pydyf.Object):
    """An object of a finished PDF, as the bytes it serializes to."""

    def __init__(self, pdf_object: pydyf.Object):
        super().__init__()
        self.number, self.generation = pdf_object.number, pdf_object.generation
        self._data = pdf_object.data
        self._compressible = pdf_object.compressible

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def compressible(self) -> bool:
        return self._compressible


def pdf_objects_serialize_once(document, pdf: pydyf.PDF) -> None:
    """A ``write_pdf`` finisher: every object serialized now, once, for the file identifier's hash
    and for the file. Nothing changes the objects after the finisher (only the document
    information and the cross-reference are added while writing)."""
    pdf.objects[:] = [o if o.free == "f" else _Serialized(o) for o in pdf.objects]
