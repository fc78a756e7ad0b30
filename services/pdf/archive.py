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

Most of a tagged file's objects are small dictionaries (the structure elements: one per
table cell, row and line of text), and pydyf serializes every key and value through a
chain of ``isinstance`` checks. ``_pdf_bytes`` writes the same bytes for the dictionaries,
arrays and streams WeasyPrint builds with a few lookups (about a tenth of a render's
Python calls) and leaves every other object to pydyf.
"""

import zlib
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

import pydyf
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.pdf.stream import Stream

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


def _pdf_bytes(item) -> bytes:
    """What pydyf writes for ``item`` (its ``_to_bytes``), without its checks for the common types."""
    kind = type(item)
    if kind is bytes:
        return item
    if kind is str:
        return item.encode("ascii")
    if kind is int:
        return b"%d" % item
    if kind is pydyf.Dictionary:
        return _dictionary_bytes(item)
    if kind is pydyf.Array:
        return b"[" + b" ".join([_pdf_bytes(child) for child in item]) + b"]"
    if kind is pydyf.Stream or kind is Stream:
        return _stream_bytes(item)
    if kind is float:
        return b"%d" % item if item.is_integer() else f"{item:f}".rstrip("0").encode("ascii")
    if isinstance(item, pydyf.Object):
        return item.data
    return str(item).encode("ascii")


def _dictionary_bytes(dictionary: dict) -> bytes:
    pairs = [b"/" + _pdf_bytes(key) + b" " + _pdf_bytes(value) for key, value in dictionary.items()]
    return b"<<" + b"".join(pairs) + b">>"


def _stream_bytes(stream: pydyf.Stream) -> bytes:
    # pydyf.Stream.data, item for item: the content, its dictionary (with the filter and the
    # length), compressed at pydyf's level.
    content = b"\n".join([item if type(item) is bytes else _pdf_bytes(item) for item in stream.stream])
    extra = dict(stream.extra)
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        compressor = zlib.compressobj(level=9)
        content = compressor.compress(content) + compressor.flush()
    extra["Length"] = len(content)
    return b"\n".join((_dictionary_bytes(extra), b"stream", content, b"endstream"))


class _Serialized(pydyf.Object):
    """An object of a finished PDF, as the bytes it serializes to."""

    def __init__(self, pdf_object: pydyf.Object):
        super().__init__()
        self.number, self.generation = pdf_object.number, pdf_object.generation
        self._data = _pdf_bytes(pdf_object)
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
