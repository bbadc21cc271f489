"""Uploads in every format, judged by content, and a clear refusal for each bad one."""

from __future__ import annotations

import codecs
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.extract import extract
from corpus.load import DOCUMENTS_DIR, content_hash, document_from_text, read_file
from tests.documents import chinese_pdf, county_docx, headings_docx, scanned_pdf

MB = 1024 * 1024
ARTICLES = [
    ("推进散煤治理", "全面完成散煤清零，巩固清洁取暖成果。", "县生态环境局牵头，县能源局、县住建局参与"),
    ("加强扬尘管控", "施工工地落实六个百分百。", "县住建局牵头，县城市管理局配合"),
    ("推广新能源汽车", "公交车、出租车全部更换为新能源汽车。", "县交通局负责"),
]
PROJECTS = [
    ("散煤清零工程。完成清洁取暖改造一万户。", "2024年6月底", "县生态环境局", "县能源局、县住建局"),
    ("建成区扬尘综合治理工程。", "持续推进", "县住建局", "县城市管理局"),
    ("新能源公交车更新工程。", "2025年底", "县交通局", "县财政局"),
]


def _doc(data: bytes, registry, name: str = "upload", doc_id: str = "county"):
    extracted = extract(data, name, 20 * MB)
    return extracted, document_from_text(extracted.text, registry, doc_id=doc_id)


def test_chinese_docx_with_automatic_numbering_and_an_annex_table(registry):
    extracted, doc = _doc(county_docx(ARTICLES, PROJECTS), registry, name="县方案.txt")  # the name lies
    assert extracted.kind == "docx"
    assert (doc.title, doc.number) == ("某县大气污染防治实施方案", "某环发〔2024〕3号")
    art1 = doc.section("county:art-1")
    assert (art1.title, art1.label) == ("推进散煤治理", "第一章 第一条推进散煤治理")
    assert art1.units == ["县生态环境局", "县能源局", "县住建局"]
    assert doc.section("county:art-2").units == ["县住建局", "县城市管理局"]
    assert doc.section("county:art-3").units == ["县交通局"]
    assert [(p.section_id, p.deadline_kind, p.due_date and p.due_date.isoformat(), p.units)
            for p in doc.key_projects] == [
        ("county:annex-1", "fixed", "2024-06-30", ["县生态环境局", "县能源局", "县住建局"]),
        ("county:annex-2", "ongoing", None, ["县住建局", "县城市管理局"]),
        ("county:annex-3", "fixed", "2025-12-31", ["县交通局", "县财政局"]),
    ]
    assert doc.section("county:annex-1").label == "附表第1项"


def test_chinese_pdf_with_a_text_layer(registry):
    lines = ["长治市某区减污降碳工作方案", "某区环发〔2024〕8号", "为推进减污降碳协同增效，制定本方案。",
             "一、重点任务",
             "（一）推进交通领域协同增效。加快推进公转铁，大宗货物清洁运输比例达到80%以上，全面推广新能源"
             "汽车，到2025年建成充电桩五百个。（区交通局牵头，区发改局、区工信局参与）",
             "（二）推进建筑领域协同增效。新建建筑全面执行绿色建筑标准，装配式建筑占新建建筑比例达到30%。"
             "（区住建局负责）",
             "（三）加强宣传教育。" + "组织开展节能宣传周活动，倡导绿色低碳生活方式。" * 12 + "（区委宣传部负责）"]
    extracted, doc = _doc(chinese_pdf(lines), registry, name="scan.docx")
    assert extracted.kind == "pdf"
    assert doc.number == "某区环发〔2024〕8号" and doc.title == "长治市某区减污降碳工作方案"
    art1 = doc.section("county:art-1")
    assert art1.label == "一、（一）推进交通领域协同增效"
    assert "清洁运输比例达到80%以上，全面推广新能源汽车" in art1.text  # the line break is rejoined
    assert art1.units == ["区交通局", "区发改局", "区工信局"]
    assert doc.section("county:art-2").units == ["区住建局"]
    art3 = doc.section("county:art-3")
    assert art3.units == ["区委宣传部"] and "— 1 —" not in art3.text and "1" not in art3.text


def test_text_in_gbk_is_judged_by_content_whatever_the_name(registry):
    text = (DOCUMENTS_DIR / "changzhi-2023-5.md").read_text("utf-8")
    extracted = extract(text.encode("gb18030"), "plan.pdf", 20 * MB)
    assert extracted.kind == "text" and content_hash(extracted.text) == content_hash(text)
    doc = document_from_text(extracted.text, registry, doc_id="again")
    assert (doc.title, doc.number, doc.issuer) == ("长治市减污降碳协同增效实施方案", "长环委办发〔2023〕5号",
                                                   "长治市生态环境保护委员会办公室")


def test_a_document_without_structure_is_kept_as_paragraphs(registry):
    text = "关于做好秋冬季大气污染防治的提示\n各单位要加强值班值守。\n遇重污染天气及时启动应急响应。"
    doc = document_from_text(text, registry, doc_id="tip")
    assert doc.title == "关于做好秋冬季大气污染防治的提示"  # the head line is the title, not a paragraph
    assert [(s.section_id, s.kind, s.label, s.text) for s in doc.sections] == [
        ("tip:sec-1", "paragraph", "第1段", "各单位要加强值班值守。"),
        ("tip:sec-2", "paragraph", "第2段", "遇重污染天气及时启动应急响应。")]


def test_a_word_notice_with_headings_is_cited_by_heading(registry):
    data = headings_docx([("工作目标", "今冬明春完成清洁取暖改造两万户。"),
                          ("保障措施", "各乡镇落实属地责任，按月调度进度。")])
    _, doc = _doc(data, registry, doc_id="heat")
    assert [(s.section_id, s.kind, s.label) for s in doc.sections] == [
        ("heat:sec-1", "heading", "工作目标"), ("heat:sec-2", "heading", "保障措施")]
    assert doc.section("heat:sec-2").text == "各乡镇落实属地责任，按月调度进度。"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _lying_zip(size: int) -> bytes:
    """A Word-looking zip whose media member declares 1,000 bytes in both its headers but inflates to `size`."""
    raw = bytearray(_zip({"word/document.xml": b"<w:document/>", "word/media/bomb.bin": bytes(size)}))
    name = b"word/media/bomb.bin"
    for signature, header, name_length_at, size_at in ((b"PK\x03\x04", 30, 26, 22), (b"PK\x01\x02", 46, 28, 24)):
        at = raw.find(signature)
        while at >= 0:
            length = int.from_bytes(raw[at + name_length_at:at + name_length_at + 2], "little")
            if raw[at + header:at + header + length] == name:
                raw[at + size_at:at + size_at + 4] = (1000).to_bytes(4, "little")
            at = raw.find(signature, at + 4)
    return bytes(raw)


@pytest.mark.parametrize(("data", "cap_mb", "problem"), [
    (b"", 20, "the file is empty"),
    (b" \r\n\t ", 20, "the file is empty"),
    (b"a" * (2 * MB), 1, "over the 1 MB limit (POLICYBOT_MAX_UPLOAD_MB)"),
    (bytes(range(256)) * 40, 20, "not a text file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), 20, "an image: needs OCR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), 20, "save it as .docx"),
    (b"PK\x03\x04 this is not really a zip", 20, "damaged zip archive"),
    (_zip({"readme.txt": b"hello"}), 20, "not a Word document"),
    (_zip({"word/document.xml": b"<w:document/>", "word/media/big.bin": bytes(11 * MB)}), 1,
     "unpacks to 11 MB, over the 10 MB limit"),
    (_lying_zip(12 * MB), 1, "member word/media/bomb.bin is damaged or forged"),
    (_zip({"word/document.xml": b"not xml at all", "[Content_Types].xml": b"<Types/>"}), 20,
     "cannot read the Word document"),
    (b"%PDF-1.4\n%broken beyond repair\n", 20, "cannot read the PDF"),
])
def test_bad_uploads_are_refused_with_the_reason(data, cap_mb, problem):
    with pytest.raises(CorpusError) as err:
        extract(data, "upload.bin", cap_mb * MB)
    assert str(err.value).startswith("upload.bin: ") and problem in str(err.value)


def test_a_scanned_pdf_needs_ocr():
    with pytest.raises(CorpusError, match=r"scan\.pdf: the PDF has no text layer .*needs OCR"):
        extract(scanned_pdf(), "scan.pdf", 20 * MB)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(3 * MB)  # sparse: refusing it must not need reading it
    with pytest.raises(CorpusError, match=r"huge.md: the file is 3.0 MB, over the 2 MB limit"):
        read_file(path, 2 * MB)


@pytest.mark.parametrize("text", ["附表第2项", "市交通局负责", "测试文本内容", "二〇二三年", "各县区人民政府",
                                  "重点工程清单", "交通", "推进"])
def test_a_short_gbk_text_is_read_as_chinese_not_korean_or_big5(text):
    """charset detection calls these Korean (cp949) or Big5; a Changzhi office's legacy text is GB."""
    assert extract(text.encode("gbk"), "note.txt", 1024 * 1024).text == text


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_without_reading_it(name):
    with pytest.raises(CorpusError, match=f"^{name}: not a regular file"):
        read_file(Path(name), 2 * MB)


def test_a_fifo_fed_without_end_is_refused_and_never_read(tmp_path):
    fifo = tmp_path / "upload.md"
    os.mkfifo(fifo)
    feed = f"f = open({str(fifo)!r}, 'wb')\nwhile True: f.write(b'a' * 65536)"
    writer = subprocess.Popen([sys.executable, "-c", feed])
    try:
        with pytest.raises(CorpusError, match="not a regular file"):
            read_file(fifo, 2 * MB)
    finally:
        writer.kill()


def test_a_file_that_grows_past_the_cap_after_it_was_named_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.md"
    path.write_bytes(b"a" * 100)  # 100 bytes when named; 3 MB by the time it is opened
    real_fdopen = os.fdopen

    def grown(fd, *args, **kwargs):
        with path.open("ab") as more:
            more.write(b"a" * (3 * MB))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", grown)
    with pytest.raises(CorpusError, match=r"growing.md: the file is 3.0 MB, over the 2 MB limit"):
        read_file(path, 2 * MB)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_with_a_byte_order_mark_is_read_as_text(codec):
    text = "长治市生态环境局关于散煤清零的通知\n一、到2025年底全市散煤清零。"
    data = codecs.BOM_UTF16_BE + text.encode(codec) if codec == "utf-16-be" else (
        codecs.BOM_UTF32_BE + text.encode(codec) if codec == "utf-32-be" else text.encode(codec))
    assert extract(data, "notepad.txt", MB).text == text


def test_a_document_of_headings_only_is_refused(registry):
    with pytest.raises(CorpusError, match="no body text found"):
        document_from_text("# 长治市某方案\n\n## 一、总体要求\n\n## 二、重点任务\n", registry, doc_id="empty")


def test_a_notices_foot_is_read_only_at_its_foot():
    from corpus.load import document_from_text
    from corpus.units import UnitRegistry

    text = ("青湾县人民政府办公室\n关于印发《青湾县扬尘治理方案》的通知\n各乡镇：\n现印发给你们。\n"
            "青湾县人民政府办公室\n2025年3月2日\n抄送：县委办公室。\n青湾县人民政府办公室  2025年3月2日印发\n"
            "附件\n青湾县扬尘治理方案\n一、工作目标\n总投资（万元）：\n125000\n到2025年PM10浓度下降5%。\n"
            "（此件公开发布\n二、保障措施\n由县住建局牵头，县水利局负责具体实施。\n")
    doc = document_from_text(text, UnitRegistry.default(), doc_id="t")
    bodies = "\n".join(s.text for s in doc.sections)
    # an attachment after the 版记 is the plan; a line of six digits in it is a figure, not a copy number; a note
    # left open takes no more than its line and the next
    assert "PM10浓度下降5%" in bodies and "125000" in bodies and "由县住建局牵头" in bodies
    measures = next(s for s in doc.sections if "保障措施" in s.label)
    assert measures.leads == ["县住建局"]  # 县水利局负责具体实施 is a part in the lead's task
