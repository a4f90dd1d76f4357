"""Small site photos (现场照片) drawn with Pillow for the demo: the same bytes on every machine.

A 480 × 360 JPEG of a building site: sky, ground, the building as far as the works
have come, a tower crane. No ``random``: colours and shapes follow the project code.
"""

import io

from PIL import Image, ImageDraw

SIZE = (480, 360)
GROUND = 250


def _tone(code, index, low, high):
    return low + (sum(map(ord, code)) * (index + 3)) % (high - low + 1)


def site_photo(code, percent, view=0):
    """JPEG bytes of a site whose works are ``percent`` (0–100) done; ``view`` 0 or 1 is the angle."""
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(GROUND):
        shade = 150 + y * 90 // GROUND
        draw.line([(0, y), (SIZE[0], y)], fill=(shade - 60, shade - 20, min(shade + 20, 255)))
    draw.rectangle([0, GROUND, SIZE[0], SIZE[1]], fill=(122, 104, 82))
    left = 60 + view * 120
    width = 180 + _tone(code, 1, 0, 60)
    floors = max(1, int(percent) // 8)
    height = min(floors * 16, GROUND - 40)
    concrete = (_tone(code, 2, 170, 200),) * 3
    draw.rectangle([left, GROUND - height, left + width, GROUND], fill=concrete, outline=(90, 90, 90))
    for floor in range(1, floors):
        y = GROUND - floor * 16
        if y > GROUND - height:
            draw.line([(left, y), (left + width, y)], fill=(110, 110, 110))
    for x in range(left + 12, left + width - 12, 28):
        for y in range(GROUND - height + 6, GROUND - 8, 16):
            draw.rectangle([x, y, x + 12, y + 7], fill=(70, 90, 120))
    mast = left + width + 30
    yellow = (230, 180, _tone(code, 3, 0, 40))
    draw.rectangle([mast, 40, mast + 8, GROUND], fill=yellow)
    draw.rectangle([mast - 150, 40, mast + 60, 48], fill=yellow)
    draw.line([(mast - 110, 48), (mast - 110, 120)], fill=(40, 40, 40), width=2)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
