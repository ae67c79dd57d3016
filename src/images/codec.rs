//! One picture's bytes → its resized variants: the format sniffed and
//! checked against the file's extension, the size checked before anything
//! is decoded (decompression bombs), decoded within limits, turned upright
//! (EXIF orientation), resized (never upscaled) and encoded as lossy WebP and
//! in a fallback format. Re-encoding drops every metadata block (EXIF, GPS).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Larger pictures are refused before decoding: no newsroom photo needs
/// more, and a 30,000 × 30,000 PNG of a few kilobytes must not reserve
/// gigabytes.
pub(crate) const MAX_SIDE: u32 = 16_384;
pub(crate) const MAX_PIXELS: u64 = 50_000_000;
/// What a decoder may allocate, whatever its header claims.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What the header says, read without decoding the pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl Header {
    /// Bytes a decode and its resizes hold at most at once (RGBA, twice).
    pub(crate) fn working_bytes(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height) * 8
    }
}

/// One width, encoded.
pub(crate) struct Encoded {
    pub width: u32,
    pub height: u32,
    pub webp: Vec<u8>,
    pub fallback: Vec<u8>,
}

/// The formats read; anything else is refused with its name.
fn supported(format: ImageFormat) -> bool {
    matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    )
}

fn format_name(format: ImageFormat) -> &'static str {
    format
        .extensions_str()
        .first()
        .copied()
        .unwrap_or("unknown")
}

/// The fallback format beside WebP: PNG for pictures that may have
/// transparency or flat colours (PNG, GIF), JPEG for photographs.
pub(crate) fn fallback_format(format: ImageFormat) -> ImageFormat {
    match format {
        ImageFormat::Png | ImageFormat::Gif => ImageFormat::Png,
        _ => ImageFormat::Jpeg,
    }
}

/// The extension of [`fallback_format`]'s files (`png`, `jpg`).
pub(crate) fn fallback_ext(format: ImageFormat) -> &'static str {
    match fallback_format(format) {
        ImageFormat::Png => "png",
        _ => "jpg",
    }
}

/// Whether `path` names a picture sahifa reads, by its extension.
pub(crate) fn is_picture_path(path: &std::path::Path) -> bool {
    ImageFormat::from_path(path).is_ok_and(supported)
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// The header of `bytes`, a file named with extension `ext`; `Err` says,
/// in words for an editor, why the picture cannot be used.
pub(crate) fn inspect(bytes: &[u8], ext: &str) -> Result<Header, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read ({e})"))?;
    let Some(format) = reader.format() else {
        return Err(if bytes.is_empty() {
            "the file is empty".into()
        } else {
            "is not a picture sahifa reads (JPEG, PNG, WebP or GIF)".into()
        });
    };
    if !supported(format) {
        return Err(format!(
            "is a {} picture; sahifa reads JPEG, PNG, WebP and GIF",
            format_name(format).to_uppercase()
        ));
    }
    match ImageFormat::from_extension(ext) {
        Some(named) if named == format => {}
        Some(_) | None => {
            return Err(format!(
                "is a {} picture named «.{ext}»: rename it to «.{}»",
                format_name(format).to_uppercase(),
                format_name(format)
            ))
        }
    }
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("has an unreadable header ({e})"))?;
    let header = Header {
        format,
        width,
        height,
    };
    if width == 0 || height == 0 {
        return Err("has no pixels".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "is {width} × {height} pixels, more than sahifa decodes (at most {MAX_SIDE} on a side and {} megapixels)",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(header)
}

/// A file's header checked and its pixels decoded, as a build does
/// (within the same limits): the picture's size, or why it cannot be used.
/// For the fuzz target of picture files (`fuzz/`).
pub fn check_picture(bytes: &[u8], ext: &str) -> Result<(u32, u32), String> {
    let header = inspect(bytes, ext)?;
    let image = decode(bytes, &header)?;
    Ok((image.width(), image.height()))
}

/// The size of the picture turned upright (EXIF orientation), read
/// without decoding the pixels.
pub(crate) fn upright_size(bytes: &[u8], header: &Header) -> (u32, u32) {
    use image::metadata::Orientation;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), header.format);
    reader.limits(limits());
    let orientation = reader
        .into_decoder()
        .ok()
        .and_then(|mut decoder| decoder.orientation().ok());
    match orientation {
        Some(
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH,
        ) => (header.height, header.width),
        _ => (header.width, header.height),
    }
}

/// Decodes the pixels, upright.
pub(crate) fn decode(bytes: &[u8], header: &Header) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), header.format);
    reader.limits(limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("cannot be decoded ({e})"))?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("cannot be decoded: the file is damaged or cut short ({e})"))?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}

/// The widths to make of a picture `width` pixels wide: each configured
/// width it exceeds, and its own width when some configured width is wider
/// (never upscaled), narrowest first.
pub(crate) fn plan_widths(width: u32, configured: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = configured.iter().copied().filter(|&w| w < width).collect();
    if configured.iter().any(|&w| w >= width) {
        widths.push(width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height of a `width`-wide copy of a `w × h` picture.
pub(crate) fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// Every variant of a decoded picture, in WebP at `quality` and in the
/// fallback format of `source`.
pub(crate) fn encode_all(
    image: DynamicImage,
    source: ImageFormat,
    widths: &[u32],
    quality: u8,
) -> Result<Vec<Encoded>, String> {
    let alpha = image.color().has_alpha() && source != ImageFormat::Jpeg;
    let image = if alpha {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut out = Vec::with_capacity(widths.len());
    for &width in plan_widths(image.width(), widths).iter() {
        let height = scaled_height(image.width(), image.height(), width);
        let resized;
        let variant = if width == image.width() {
            &image
        } else {
            let mut target = DynamicImage::new(width, height, image.color());
            resizer
                .resize(&image, &mut target, &options)
                .map_err(|e| format!("cannot be resized ({e})"))?;
            resized = target;
            &resized
        };
        out.push(Encoded {
            width,
            height: variant.height(),
            webp: webp_bytes(variant, alpha, quality)?,
            fallback: fallback_bytes(variant, fallback_format(source), quality)?,
        });
    }
    Ok(out)
}

fn webp_bytes(image: &DynamicImage, alpha: bool, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let encoder = if alpha {
        webp::Encoder::from_rgba(image.as_bytes(), w, h)
    } else {
        webp::Encoder::from_rgb(image.as_bytes(), w, h)
    };
    encoder
        .encode_simple(false, f32::from(quality))
        .map(|memory| memory.to_vec())
        .map_err(|e| format!("cannot be encoded as WebP ({e:?})"))
}

fn fallback_bytes(
    image: &DynamicImage,
    format: ImageFormat,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let result = match format {
        ImageFormat::Png => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut bytes,
            CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )),
        _ => image.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, quality)),
    };
    result.map_err(|e| format!("cannot be encoded ({e})"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = DynamicImage::new_rgb8(width, height);
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{e}"));
        bytes
    }

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(plan_widths(1600, &[480, 800, 1200]), [480, 800, 1200]);
        assert_eq!(plan_widths(600, &[480, 800, 1200]), [480, 600]);
        assert_eq!(plan_widths(300, &[480, 800]), [300]);
        assert_eq!(plan_widths(800, &[800, 480]), [480, 800]);
        assert_eq!(scaled_height(1600, 900, 480), 270);
        assert_eq!(scaled_height(3, 1, 1), 1);
    }

    #[test]
    fn a_picture_is_resized_and_encoded_in_both_formats() {
        let bytes = png(1000, 500);
        let header = inspect(&bytes, "png").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((header.width, header.height), (1000, 500));
        let image = decode(&bytes, &header).unwrap_or_else(|e| panic!("{e}"));
        let out = encode_all(image, header.format, &[480, 800, 1200], 75)
            .unwrap_or_else(|e| panic!("{e}"));
        let sizes: Vec<_> = out.iter().map(|e| (e.width, e.height)).collect();
        assert_eq!(sizes, [(480, 240), (800, 400), (1000, 500)]);
        for e in &out {
            assert_eq!(&e.webp[..4], b"RIFF");
            assert_eq!(&e.webp[8..12], b"WEBP");
            assert_eq!(
                image::guess_format(&e.fallback).ok(),
                Some(ImageFormat::Png)
            );
            let back = image::load_from_memory(&e.webp).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((back.width(), back.height()), (e.width, e.height));
        }
    }

    // A header claiming 30,000 × 30,000 pixels: tests/it/pictures.rs.
    #[test]
    fn bad_pictures_are_refused_with_a_reason() {
        let bytes = png(10, 10);
        assert!(inspect(&bytes, "jpg").is_err_and(|e| e.contains("PNG picture named «.jpg»")));
        assert!(inspect(b"hello", "png").is_err_and(|e| e.contains("not a picture")));
        assert!(inspect(b"", "png").is_err_and(|e| e.contains("empty")));
        let bmp = b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0";
        assert!(inspect(bmp, "bmp").is_err_and(|e| e.contains("BMP")));
        let cut = &bytes[..bytes.len() / 2];
        let header = inspect(cut, "png").unwrap_or_else(|e| panic!("{e}"));
        assert!(decode(cut, &header).is_err_and(|e| e.contains("cut short")));
    }
}
