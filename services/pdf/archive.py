"""One file that is both accessible (PDF/UA-1) and archivable (PDF/A-2a).

WeasyPrint 70 writes one identification per render (``pdf_variant``). Its PDF/A-2a
variant already does what PDF/UA-1 asks of the file itself (tags, ``MarkInfo``,
``DisplayDocTitle``, ``Lang``, title, embedded fonts); only the PDF/UA identification in
the XMP metadata is missing. ``ArchiveMetadata`` adds it, together with the extension
schema PDF/A requires for every XMP property outside its predefined schemas.

PDF/A costs about a tenth of the render: its trailer /ID makes pydyf serialize every
object a second time to hash it. ``PDF_VARIANT = "pdf/ua-1"`` (with WeasyPrint's own
metadata) would drop PDF/A and keep PDF/UA-1.
"""

from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

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
