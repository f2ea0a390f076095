"""Video and sound files with the ffmpeg binary shipped by ``imageio-ffmpeg``: probe, encode, assemble.

There is no ffprobe in that wheel: a file is probed by reading what ``ffmpeg -i``
prints. Every MP4 made here is H.264 (yuv420p, so every browser plays it) with an
AAC sound track and its index at the start (``+faststart``), so that a ``<video>``
element can play it before the whole file has arrived.
"""

import re
import subprocess
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from webox.demo.images import _font

FFMPEG_TIMEOUT = 300  # seconds; an assembly longer than this is stuck
VIDEO_CODEC_ARGS = ("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
AUDIO_CODEC_ARGS = ("-c:a", "aac", "-b:a", "96k", "-ar", "44100")
MP4_ARGS = ("-movflags", "+faststart", "-f", "mp4")
DURATION_RE = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
VIDEO_RE = re.compile(r"Stream #\S+.*?: Video: (\w+)[^,]*, (\w+)(?:\([^)]*\))?, (\d+)x(\d+)")
AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: (\w+)")


class MediaError(Exception):
    """ffmpeg could not read or write a file."""


@dataclass(frozen=True)
class MediaInfo:
    """What ``ffmpeg -i`` says about a file: its length, its picture and its sound."""

    duration: float
    width: int = 0
    height: int = 0
    video_codec: str = ""
    pixel_format: str = ""
    audio_codec: str = ""

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_codec)


@dataclass(frozen=True)
class Slide:
    """A still picture shown for ``seconds``."""

    image: Image.Image
    seconds: float


@cache
def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg binary bundled with imageio-ffmpeg."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg_run(args: Sequence[str], *, stdin: bytes | None = None) -> None:
    """Run ffmpeg with ``args``; raise ``MediaError`` with the end of its log when it fails."""
    command = [ffmpeg_exe(), "-hide_banner", *(["-nostdin"] if stdin is None else []), "-y", *args]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("ffmpeg took too long") from exc
    if done.returncode != 0:
        raise MediaError(done.stderr.decode(errors="replace")[-800:])


def probe_path(path: Path | str) -> MediaInfo:
    """Return the duration, size, codecs and sound of the media file at ``path``."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False)  # no output file: exits 1
    return media_info_parse(done.stderr.decode(errors="replace"))


def probe(content: bytes, *, suffix: str = ".mp4") -> MediaInfo:
    """Return what ``probe_path`` says about a file given as bytes."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as file:
        file.write(content)
        file.flush()
        return probe_path(file.name)


def media_info_parse(log: str) -> MediaInfo:
    """Read the first video and audio streams and the duration from an ``ffmpeg -i`` log."""
    duration = DURATION_RE.search(log)
    if duration is None:
        raise MediaError("not a media file ffmpeg can read")
    hours, minutes, seconds = duration.groups()
    info = {"duration": int(hours) * 3600 + int(minutes) * 60 + float(seconds)}
    video = VIDEO_RE.search(log)
    if video is not None:
        codec, pixel_format, width, height = video.groups()
        info.update(video_codec=codec, pixel_format=pixel_format, width=int(width), height=int(height))
    audio = AUDIO_RE.search(log)
    if audio is not None:
        info["audio_codec"] = audio.group(1)
    return MediaInfo(**info)


def frames_encode(
    frames: Iterable[Image.Image], *, size: tuple[int, int], fps: int, seconds: float, tone_hz: float = 0
) -> bytes:
    """Encode RGB ``frames`` of ``size`` into an MP4 of ``seconds``, with a soft tone (or silence when 0)."""
    width, height = size
    audio = f"sine=frequency={tone_hz}:sample_rate=44100" if tone_hz else "anullsrc=r=44100:cl=mono"
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "video.mp4"
        args = [
            *("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "-"),
            *("-f", "lavfi", "-i", audio),
            *("-map", "0:v", "-map", "1:a", "-t", f"{seconds:.3f}", "-af", "volume=0.08"),
            *VIDEO_CODEC_ARGS, *AUDIO_CODEC_ARGS, *MP4_ARGS, str(output),
        ]  # fmt: skip
        stdin = b"".join(frame.convert("RGB").tobytes() for frame in frames)
        ffmpeg_run(args, stdin=stdin)
        return output.read_bytes()


def slideshow_encode(slides: Sequence[Slide], *, sounds: Sequence[bytes], size: tuple[int, int], fps: int) -> bytes:
    """Show ``slides`` one after the other over the ``sounds`` played in a row; return the MP4's bytes.

    The pictures go through ffmpeg's concat demuxer (each decoded once); the sounds
    (WAV or MP3, any rate) are brought to one format and joined with the concat filter.
    """
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        playlist = _slides_write(slides, folder, size)
        inputs = []
        for number, sound in enumerate(sounds):
            path = folder / f"sound-{number}"
            path.write_bytes(sound)
            inputs += ["-i", str(path)]
        count = len(sounds)
        audio = "".join(f"[{n + 1}:a]aformat=sample_rates=44100:channel_layouts=mono[a{n}];" for n in range(count))
        audio += "".join(f"[a{n}]" for n in range(count)) + f"concat=n={count}:v=0:a=1[sound]"
        output = folder / "short.mp4"
        args = [
            *("-f", "concat", "-safe", "0", "-i", str(playlist)), *inputs,
            *("-filter_complex", f"[0:v]fps={fps},format=yuv420p[picture];{audio}"),
            *("-map", "[picture]", "-map", "[sound]", "-shortest", "-tune", "stillimage"),
            *VIDEO_CODEC_ARGS, *AUDIO_CODEC_ARGS, *MP4_ARGS, str(output),
        ]  # fmt: skip
        ffmpeg_run(args)
        return output.read_bytes()


def _slides_write(slides: Sequence[Slide], folder: Path, size: tuple[int, int]) -> Path:
    """Save the slides as PNG files and write the concat demuxer's playlist; return its path."""
    lines = ["ffconcat version 1.0"]
    for number, slide in enumerate(slides):
        path = folder / f"slide-{number}.png"
        image = slide.image.convert("RGB")
        (image if image.size == size else image.resize(size)).save(path, format="PNG", compress_level=1)
        lines += [f"file '{path}'", f"duration {slide.seconds:.3f}"]
    lines.append(f"file '{path}'")  # the demuxer ignores the last duration unless the last file is repeated
    playlist = folder / "slides.txt"
    playlist.write_text("\n".join(lines) + "\n")
    return playlist


def vertical_fit(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Return ``picture`` whole on a blurred, darkened enlargement of itself filling ``size``."""
    width, height = size
    picture = picture.convert("RGB")
    small = ImageOps.fit(picture, (max(1, width // 16), max(1, height // 16)))
    background = small.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BILINEAR)
    background = ImageEnhance.Brightness(background).enhance(0.55)
    front = ImageOps.contain(picture, (width, height * 2 // 3))
    background.paste(front, ((width - front.width) // 2, max(0, height // 3 - front.height // 2)))
    return background


def subtitle_draw(image: Image.Image, text: str) -> Image.Image:
    """Return a copy of ``image`` with ``text`` written large and centred on a dark band in its lower third."""
    width, height = image.size
    font, _accents = _font(max(24, width // 17))
    lines = textwrap.wrap(text, width=max(10, int(width * 0.86 / (font.size * 0.58))))[:3]
    line_height = int(font.size * 1.3)
    top = int(height * 0.70)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    box = (width * 0.05, top - font.size * 0.5, width * 0.95, top + line_height * len(lines) + font.size * 0.3)
    draw.rounded_rectangle(box, radius=font.size // 2, fill=(0, 0, 0, 150))
    for number, line in enumerate(lines):
        draw.text((width / 2, top + number * line_height), line, font=font, fill="white", anchor="ma")
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def subtitle_chunks(text: str, *, limit: int = 48) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters at word boundaries (what one subtitle shows)."""
    chunks: list[str] = []
    for word in text.split():
        if chunks and len(chunks[-1]) + 1 + len(word) <= limit:
            chunks[-1] += " " + word
        else:
            chunks.append(word)
    return chunks
