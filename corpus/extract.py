"""An uploaded file's text, its format judged by its content, within the size caps.

Admins send whatever they have: a Word file named .txt, a PDF without a
suffix, a scan. The first bytes say what a file is (PK → a zip, a .docx if it
holds word/document.xml; %PDF → a PDF; anything else is decoded as text), and
every refusal says what to do instead. The caps are checked before a parser
sees the content, so a 1 GB zip bomb costs nothing.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from corpus.errors import CorpusError
from corpus.text import page_number

DOCX_EXPANSION = 10  # a .docx may unpack to this many times the upload cap, and no more
_GB_FAMILY = ("gb2312", "gbk", "gb18030", "hz")
_OTHER_CJK = ("cp949", "euc_kr", "johab", "iso2022_kr", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "big5",
              "cp950", "big5hkscs")
_MB = 1024 * 1024
_MIN_PDF_CHARS = 20
_NOT_SUPPORTED = (
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel (.doc/.xls) file: save it as .docx"),
    (b"\x89PNG", "an image: needs OCR, send the text as .docx, .pdf with a text layer, .md or .txt"),
    (b"\xff\xd8\xff", "an image: needs OCR, send the text as .docx, .pdf with a text layer, .md or .txt"),
    (b"II*\x00", "an image: needs OCR, send the text as .docx, .pdf with a text layer, .md or .txt"),
    (b"MM\x00*", "an image: needs OCR, send the text as .docx, .pdf with a text layer, .md or .txt"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
)


@dataclass(frozen=True)
class Extracted:
    """What a file holds: its format ("docx", "pdf", "text") and its text."""

    kind: str
    text: str

    @property
    def suffix(self) -> str:
        return {"docx": ".docx", "pdf": ".pdf"}.get(self.kind, ".txt")


def extract(data: bytes, name: str, max_bytes: int) -> Extracted:
    """The text of an upload, or a CorpusError naming the file and the reason."""
    if len(data) > max_bytes:
        raise too_big(name, len(data), max_bytes)
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    for magic, reason in _NOT_SUPPORTED:
        if data.startswith(magic):
            raise CorpusError(f"{name}: {reason}")
    if data.startswith(b"PK"):
        return Extracted("docx", _docx(data, name, max_bytes * DOCX_EXPANSION))
    if data.lstrip()[:5] == b"%PDF-":
        return Extracted("pdf", _pdf(data, name))
    return Extracted("text", decode(data, name))


_MARKED = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: FF FE 00 00
           (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes, name: str) -> str:
    """Text from bytes in UTF-8, GBK, GB18030 or whatever charset-normalizer recognises."""
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    for mark, codec in _MARKED:
        if data.startswith(mark):  # Windows Notepad's "Unicode" is UTF-16 LE with this mark
            try:
                return data[len(mark):].decode(codec)
            except UnicodeDecodeError:
                raise CorpusError(f"{name}: not valid {codec.upper()} text, though it begins as such") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{name}: not a text file (binary content)")
    from charset_normalizer import from_bytes  # uploads only: a question never decodes a file

    best = from_bytes(data).best()
    if best is None:
        raise CorpusError(f"{name}: cannot decode the text (unknown encoding)")
    if best.encoding in _GB_FAMILY or (best.encoding in _OTHER_CJK and _decodes(data, "gb18030")):
        # A mainland office's legacy text is GB (GB18030 is the mandatory national standard); on a short
        # file charset detection often calls it Korean, Japanese or Big5, which are never a Changzhi file's.
        return data.decode("gb18030")
    return str(best)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def too_big(name: str, size: int, max_bytes: int) -> CorpusError:
    return CorpusError(f"{name}: the file is {size / _MB:.1f} MB, over the {max_bytes / _MB:.0f} MB limit "
                       "(POLICYBOT_MAX_UPLOAD_MB)")


def _docx(data: bytes, name: str, max_unpacked: int) -> str:
    from corpus.docx_text import docx_text

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise CorpusError(f"{name}: a damaged zip archive ({exc})") from exc
    if "word/document.xml" not in names:
        raise CorpusError(f"{name}: a zip archive but not a Word document (no word/document.xml); "
                          "send .docx, .pdf, .md or .txt")
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked:
        raise CorpusError(f"{name}: the Word file unpacks to {unpacked / _MB:.0f} MB, over the "
                          f"{max_unpacked / _MB:.0f} MB limit; refused")
    _check_members(data, name)
    try:
        text = docx_text(data)
    except Exception as exc:  # python-docx raises many kinds (KeyError, XMLSyntaxError, ValueError …) on bad files
        raise CorpusError(f"{name}: cannot read the Word document ({type(exc).__name__}: {exc})") from exc
    if not text.strip():
        raise CorpusError(f"{name}: the Word document has no text")
    return text


def _check_members(data: bytes, name: str) -> None:
    """Every member inflates to exactly what its header declares (zipfile stops at the declared size and checks
    the CRC), streamed through a 1 MB buffer: with the declared sizes capped, a forged member costs neither
    memory nor time, and is refused here, before python-docx reads it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            try:
                with archive.open(member) as stream:
                    while stream.read(_MB):
                        pass
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise CorpusError(f"{name}: member {member.filename} is damaged or forged ({exc}); refused") from exc


def _pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(f"{name}: the PDF is password-protected; send it without a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(f"{name}: cannot read the PDF ({type(exc).__name__}: {exc})") from exc
    lines = [line for page in pages for line in page.splitlines() if not page_number(line, bare=True)]
    text = "\n".join(lines)
    if len(re.sub(r"\s", "", text)) < _MIN_PDF_CHARS:
        raise CorpusError(f"{name}: the PDF has no text layer (a scan?): it needs OCR first; "
                          "send a PDF with text, or the text as .docx, .md or .txt")
    return text
