"""Avatars: only real, reasonably sized pictures, re-encoded to a 256x256 WebP under a random name."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from accounts.avatars import InvalidAvatar, avatar_render

from .profile_support import image_bytes, verified_user_make

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^avatars/[0-9a-f]{32}\.webp$")


@pytest.fixture
def member(client):
    user = verified_user_make()
    client.force_login(user)
    return user


def upload(client, name: str, content: bytes, content_type: str = "image/png", **extra):
    data = {"preferred_language": "fr", "avatar": SimpleUploadedFile(name, content, content_type), **extra}
    return client.post(reverse("accounts:account"), data)


def png_with_header(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims ``width`` x ``height`` (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def stored_image(user) -> Image.Image:
    with default_storage.open(user.avatar.name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_avatar_upload_is_reencoded_to_a_square_webp_under_a_random_name(client, member):
    response = upload(client, "me.png", image_bytes(size=(640, 480)))
    assert response.status_code == 302
    member.refresh_from_db()
    assert STORED_NAME.match(member.avatar.name)
    image = stored_image(member)
    assert (image.format, image.size) == ("WEBP", (256, 256))


@pytest.mark.parametrize(("fmt", "mode"), [("JPEG", "RGB"), ("GIF", "P"), ("WEBP", "RGBA"), ("PNG", "LA")])
def test_avatar_accepts_the_usual_formats(client, member, fmt, mode):
    color = 120 if mode == "P" else (10, 20, 30, 40)[: len(mode)]
    assert upload(client, f"me.{fmt.lower()}", image_bytes(fmt=fmt, mode=mode, color=color)).status_code == 302
    member.refresh_from_db()
    assert stored_image(member).format == "WEBP"


def test_avatar_drops_metadata(client, member):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    upload(client, "holiday.jpg", image_bytes(fmt="JPEG", exif=exif), "image/jpeg")
    member.refresh_from_db()
    image = stored_image(member)
    assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
    with default_storage.open(member.avatar.name) as handle:
        assert b"SpyCam" not in handle.read()


def test_avatar_refuses_html_renamed_png(client, member):
    response = upload(client, "cute.png", b"<html><script>alert(document.cookie)</script></html>")
    assert response.status_code == 400
    assert "avatar" in response.context["form"].errors
    member.refresh_from_db()
    assert not member.avatar


def test_avatar_refuses_svg_with_script(client, member):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    response = upload(client, "logo.svg", svg, "image/svg+xml")
    assert response.status_code == 400
    member.refresh_from_db()
    assert not member.avatar


def test_avatar_refuses_a_file_over_2_mb(client, member):
    big = image_bytes(size=(16, 16)) + b"\x00" * (2 * 1024 * 1024)
    response = upload(client, "big.png", big)
    assert response.status_code == 400
    assert "2 MB" in str(response.context["form"].errors["avatar"]) or "2 Mo" in str(response.context["form"].errors)


@pytest.mark.parametrize(("width", "height"), [(5000, 100), (4097, 4097)])
def test_avatar_refuses_images_larger_than_4096_pixels(client, member, width, height):
    response = upload(client, "wide.png", image_bytes(size=(width, height), mode="1"))
    assert response.status_code == 400
    member.refresh_from_db()
    assert not member.avatar


@pytest.mark.parametrize(("width", "height"), [(30_000, 30_000), (200_000, 200_000)])
def test_avatar_refuses_a_decompression_bomb(width, height):
    bomb = png_with_header(width, height)
    assert len(bomb) < 100
    with pytest.raises(InvalidAvatar):
        avatar_render(SimpleUploadedFile("bomb.png", bomb, "image/png"))


def test_avatar_refuses_a_real_pixel_bomb(client, member):
    """15,000 x 15,000 one-bit pixels: a few kilobytes on the wire, 225 megapixels once decoded."""
    response = upload(client, "bomb.png", image_bytes(size=(15_000, 15_000), mode="1", optimize=True))
    assert response.status_code == 400
    member.refresh_from_db()
    assert not member.avatar


def test_avatar_ignores_a_path_in_the_file_name(client, member, settings):
    response = upload(client, "../../etc/passwd.png", image_bytes())
    assert response.status_code == 302
    member.refresh_from_db()
    assert STORED_NAME.match(member.avatar.name)
    assert not (settings.MEDIA_ROOT.parent / "etc").exists()


def test_avatar_polyglot_payload_does_not_survive(client, member):
    payload = b"<script>alert('polyglot')</script>"
    upload(client, "poly.png", image_bytes() + payload)
    member.refresh_from_db()
    with default_storage.open(member.avatar.name) as handle:
        assert payload not in handle.read()


def test_avatar_replacement_deletes_the_old_file(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "one.png", image_bytes())
    member.refresh_from_db()
    first = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "two.png", image_bytes(color=(0, 0, 255)))
    member.refresh_from_db()
    assert member.avatar.name != first
    assert default_storage.exists(member.avatar.name) and not default_storage.exists(first)


def test_avatar_can_be_removed(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "one.png", image_bytes())
    member.refresh_from_db()
    name = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:account"), {"preferred_language": "fr", "remove_avatar": "on"})
    member.refresh_from_db()
    assert not member.avatar and not default_storage.exists(name)


def test_avatar_is_a_read_only_url_in_the_api(client, member):
    upload(client, "me.png", image_bytes())
    member.refresh_from_db()
    name = member.avatar.name
    api = APIClient()
    api.force_authenticate(member)
    assert api.get("/api/v1/me/").json()["avatar"] == f"http://testserver{member.avatar.url}"
    assert api.patch("/api/v1/me/", {"avatar": "avatars/someone-else.webp"}).status_code == 200
    member.refresh_from_db()
    assert member.avatar.name == name
