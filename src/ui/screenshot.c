/* screenshot.c — screenshot_save: the frame read back and written as PNG.
 *
 * SDL2 writes only BMP, and we want no image library for one feature, so this
 * is a minimal PNG encoder: 8-bit RGB, filter 0 on every row, and the zlib
 * stream made of "stored" (uncompressed) deflate blocks of at most 65,535 bytes,
 * with the CRC-32 and Adler-32 checksums the format requires. The files are as
 * large as the pixels (6 MiB at 1920x1080); tools recompress them when it matters. */
#include "screenshot.h"

#include <string.h>

#define SCREENSHOT_ERROR (g_quark_from_static_string("screenshot-error"))
#define STORED_BLOCK_MAX 65535u

static guint32 crc32_update(guint32 crc, const guint8 *data, gsize len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++) {
    crc ^= data[i];
    for (int k = 0; k < 8; k++)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void put_be32(GByteArray *out, guint32 v)
{
  guint8 b[4] = {v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF};
  g_byte_array_append(out, b, 4);
}

/* Appends a chunk: length, type, data, CRC over type and data. */
static void put_chunk(GByteArray *out, const char type[4], const guint8 *data, gsize len)
{
  put_be32(out, (guint32)len);
  gsize start = out->len;
  g_byte_array_append(out, (const guint8 *)type, 4);
  if (len > 0)
    g_byte_array_append(out, data, (guint)len);
  put_be32(out, crc32_update(0, out->data + start, len + 4));
}

/* The zlib stream of @raw in stored blocks. */
static GByteArray *zlib_stored(const guint8 *raw, gsize len)
{
  GByteArray *z = g_byte_array_sized_new((guint)(len + len / STORED_BLOCK_MAX * 5 + 16));
  const guint8 header[2] = {0x78, 0x01};
  g_byte_array_append(z, header, 2);
  guint32 a = 1, b = 0;
  gsize pos = 0;
  do {
    gsize n = MIN(len - pos, (gsize)STORED_BLOCK_MAX);
    guint8 block[5] = {pos + n == len ? 1 : 0, n & 0xFF, n >> 8, ~n & 0xFF, (~n >> 8) & 0xFF};
    g_byte_array_append(z, block, 5);
    g_byte_array_append(z, raw + pos, (guint)n);
    for (gsize i = pos; i < pos + n; i++) {
      a = (a + raw[i]) % 65521u;
      b = (b + a) % 65521u;
    }
    pos += n;
  } while (pos < len);
  put_be32(z, (b << 16) | a);
  return z;
}

static bool write_png(const char *path, const guint8 *rgb, int w, int h, GError **error)
{
  gsize row = (gsize)w * 3 + 1;
  g_autofree guint8 *raw = g_malloc(row * (gsize)h);
  for (int y = 0; y < h; y++) {
    raw[row * y] = 0;
    memcpy(raw + row * y + 1, rgb + (gsize)y * w * 3, (gsize)w * 3);
  }
  g_autoptr(GByteArray) png = g_byte_array_new();
  const guint8 signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  g_byte_array_append(png, signature, 8);
  guint8 ihdr[13] = {w >> 24,
                     (w >> 16) & 0xFF,
                     (w >> 8) & 0xFF,
                     w & 0xFF,
                     h >> 24,
                     (h >> 16) & 0xFF,
                     (h >> 8) & 0xFF,
                     h & 0xFF,
                     8,
                     2,
                     0,
                     0,
                     0};
  put_chunk(png, "IHDR", ihdr, sizeof ihdr);
  g_autoptr(GByteArray) z = zlib_stored(raw, row * (gsize)h);
  put_chunk(png, "IDAT", z->data, z->len);
  put_chunk(png, "IEND", NULL, 0);
  return g_file_set_contents(path, (const char *)png->data, png->len, error);
}

bool screenshot_save(SDL_Renderer *sdl, const char *path, GError **error)
{
  g_return_val_if_fail(sdl != NULL && path != NULL, false);
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(sdl, &w, &h);
  g_autofree guint8 *rgb = g_malloc((gsize)w * h * 3 + 1);
  if (w <= 0 || h <= 0 || SDL_RenderReadPixels(sdl, NULL, SDL_PIXELFORMAT_RGB24, rgb, w * 3) != 0) {
    g_set_error(error, SCREENSHOT_ERROR, 0, "cannot read the window back: %s", SDL_GetError());
    return false;
  }
  if (!g_str_has_suffix(path, ".bmp"))
    return write_png(path, rgb, w, h, error);
  SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormatFrom(rgb, w, h, 24, w * 3,
                                                            SDL_PIXELFORMAT_RGB24);
  bool ok = surface != NULL && SDL_SaveBMP(surface, path) == 0;
  SDL_FreeSurface(surface);
  if (!ok)
    g_set_error(error, SCREENSHOT_ERROR, 0, "cannot write %s: %s", path, SDL_GetError());
  return ok;
}
