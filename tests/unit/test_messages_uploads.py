"""The attachment rules: content check, 3 files, 20 MB together, the sandbox's room."""

import io

import pytest

from portal.messages import uploads
from portal.messages.uploads import MAX_TOTAL_BYTES, Incoming, Reason, check, sniff

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PDF = b"%PDF-1.7\n%\xe2\xe3"


@pytest.mark.parametrize("head, label", [(PNG, "PNG"), (JPEG, "JPG"), (PDF, "PDF")])
def test_each_accepted_format_is_recognised_by_its_content(head, label):
    assert sniff(head).label == label


@pytest.mark.parametrize(
    "head",
    [
        b"hello, I am text pretending to be a picture",  # "x.png" that is really text
        b"GIF89a\x01\x00",
        b"PK\x03\x04",  # a zip or Office document
        b"<svg xmlns=",
        b"\x89PNG",  # cut short
        b"",
    ],
)
def test_fakes_and_other_formats_are_refused(head):
    assert sniff(head) is None
    verdict = check([], [Incoming("x.png", len(head) or 1, head)])
    assert verdict.accepted == []
    assert verdict.refused[0].reason is Reason.WRONG_TYPE


def test_an_empty_file_is_refused():
    verdict = check([], [Incoming("tom.pdf", 0, b"")])
    assert [r.reason for r in verdict.refused] == [Reason.EMPTY]


def test_three_files_pass_and_a_fourth_is_refused():
    three = [Incoming(f"{n}.png", 10, PNG) for n in range(3)]
    assert len(check([], three).accepted) == 3
    verdict = check([10, 10, 10], [Incoming("fjerde.png", 10, PNG)])
    assert verdict.accepted == []
    assert verdict.refused[0].reason is Reason.TOO_MANY
    verdict = check([10, 10], [Incoming("a.png", 10, PNG), Incoming("b.png", 10, PNG)])
    assert [i for i, _ in verdict.accepted] == [0]
    assert verdict.refused[0].name == "b.png"


def test_twenty_megabytes_together_pass_and_one_byte_more_fails():
    assert MAX_TOTAL_BYTES == 20 * 1024 * 1024
    exact = check([MAX_TOTAL_BYTES - 1000], [Incoming("a.pdf", 1000, PDF)])
    assert len(exact.accepted) == 1 and exact.refused == []
    over = check([MAX_TOTAL_BYTES - 1000], [Incoming("a.pdf", 1001, PDF)])
    assert over.accepted == []
    assert over.refused[0].reason is Reason.TOO_LARGE
    single = check([], [Incoming("stor.pdf", MAX_TOTAL_BYTES + 1, PDF)])
    assert single.refused[0].reason is Reason.TOO_LARGE


def test_a_bad_file_does_not_stop_the_good_ones_around_it():
    verdict = check([], [Incoming("a.png", 5, PNG), Incoming("x.png", 5, b"text"), Incoming("c.pdf", 5, PDF)])
    assert [i for i, _ in verdict.accepted] == [0, 2]
    assert [r.name for r in verdict.refused] == ["x.png"]


def test_files_fit_while_the_sandbox_has_room_and_the_rest_are_refused():
    verdict = check([], [Incoming("a.png", 600, PNG), Incoming("b.png", 500, PNG), Incoming("c.pdf", 400, PDF)], room=1000)
    assert [i for i, _ in verdict.accepted] == [0, 2]  # 600 + 400 fill the room exactly
    assert [(r.name, r.reason) for r in verdict.refused] == [("b.png", Reason.NO_ROOM)]
    assert check([], [Incoming("a.png", 1, PNG)], room=0).refused[0].reason is Reason.NO_ROOM
    assert check([], [Incoming("a.png", 10**9, PNG)], room=None).refused[0].reason is Reason.TOO_LARGE  # no quota: only the form's limits


def test_a_capped_file_keeps_the_limit_but_knows_its_true_size():
    capped = uploads.CappedFile(cap=10)
    for _ in range(5):
        capped.write(b"0123456789abcdef")
    assert capped.received == 80
    capped.seek(0)
    assert capped.read() == b"0123456789"
    assert uploads.received_size(capped) == 80
    assert uploads.received_size(io.BytesIO(b"12345")) == 5


def test_display_names_lose_their_folders():
    assert uploads.display_name("C:\\Users\\ola\\bilde.png") == "bilde.png"
    assert uploads.display_name("../../etc/passwd") == "passwd"
    assert uploads.display_name("") == "vedlegg"


def test_display_names_lose_control_and_invisible_characters():
    assert uploads.display_name("bil\x00de\r\n.png") == "bilde.png"
    assert uploads.display_name("faktura\u202egpj.exe\u202c.png") == "fakturagpj.exe.png"  # no right-to-left override
    assert uploads.display_name("to  mellom\u2028rom .pdf") == "to mellom rom .pdf"
    assert uploads.display_name("\x00\u200b") == "vedlegg"
    assert uploads.display_name("Re\u0301sume\u0301.pdf") == "Résumé.pdf"  # composed, as typed on another system


def test_long_display_names_keep_their_extension():
    name = uploads.display_name("å" * 500 + ".jpeg")
    assert len(name) == uploads.MAX_NAME and name.endswith("å.jpeg")
    assert uploads.display_name("x" * 500) == "x" * uploads.MAX_NAME


def test_sizes_are_shown_the_norwegian_way():
    assert uploads.format_size(1536) == "1,5 kB"
    assert uploads.format_size(MAX_TOTAL_BYTES) == "20,0 MB"
    assert uploads.format_size(1536, "en_GB") == "1.5 kB"
    assert uploads.format_limit(100 * 1024 * 1024) == "100 MB"
    assert uploads.format_limit(1024**3) == "1 GB" and uploads.format_limit(500 * 1024) == "500 kB"
    assert uploads.format_limit(1000) == "1,0 kB" and uploads.format_limit(1000, "en_GB") == "1.0 kB"
