//! A bounded fuzz test of the reader: random bytes, and random mutations of
//! the official table in its three formats (raw bytes, and the XML inside
//! the xlsx re-zipped), must each give a table or an error, never a panic.
use std::io::{Cursor, Read, Write};

use crate::common::official;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shishi::sheet::{read_table, ReadOptions};

/// Rounds per kind of input; `SHISHI_FUZZ_ROUNDS` runs a longer campaign,
/// `SHISHI_FUZZ_SEED` another one.
fn rounds() -> usize {
    std::env::var("SHISHI_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

fn seed(base: u64) -> u64 {
    base ^ std::env::var("SHISHI_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn mutate(rng: &mut StdRng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.gen_range(1..8) {
        if out.is_empty() {
            out.push(rng.gen());
            continue;
        }
        let at = rng.gen_range(0..out.len());
        match rng.gen_range(0..6) {
            0 => out[at] ^= 1 << rng.gen_range(0..8),
            1 => out[at] = rng.gen(),
            2 => out.truncate(at),
            3 => {
                let len = rng.gen_range(1..64);
                out.splice(at..at, (0..len).map(|_| rng.gen::<u8>()));
            }
            4 => {
                let end = (at + rng.gen_range(1..256)).min(out.len());
                let chunk = out[at..end].to_vec();
                let to = rng.gen_range(0..out.len());
                out.splice(to..to, chunk);
            }
            _ => {
                // Big numbers where numbers were: sizes, counts, positions.
                let end = (at + 4).min(out.len());
                for b in &mut out[at..end] {
                    *b = 0xFF;
                }
            }
        }
    }
    out
}

/// Rewrites the xlsx with one XML entry mutated (as text) and re-zipped, so
/// the mutation reaches calamine's XML parsing past the zip checksums.
fn mutate_inside_xlsx(rng: &mut StdRng, xlsx: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let victim = rng.gen_range(0..zip.len());
    let mut out = Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut out);
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            if i == victim {
                body = mutate_xml(rng, &body);
            }
            writer
                .start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(&body).unwrap();
        }
        writer.finish().unwrap();
    }
    out.into_inner()
}

fn mutate_xml(rng: &mut StdRng, body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).into_owned();
    let swaps = [
        ("r=\"", "r=\"XFD1048576"),
        ("s=\"", "s=\"99999"),
        ("t=\"s\"", "t=\"n\""),
        ("<v>", "<v>999999999"),
        ("count=\"", "count=\"4294967295"),
        ("</si>", ""),
        ("<c ", "<c r=\"A0\" "),
        ("ref=\"", "ref=\"A1:XFD1048576 "),
    ];
    let (from, to) = swaps[rng.gen_range(0..swaps.len())];
    let mut out = text;
    if let Some(pos) = out
        .match_indices(from)
        .map(|(i, _)| i)
        .nth(rng.gen_range(0..4))
    {
        out.replace_range(pos..pos + from.len(), to);
    }
    mutate(rng, out.as_bytes())
}

/// Reads `bytes`; either outcome is fine, a panic fails the test. Returns
/// whether a table came out.
fn read(bytes: &[u8]) -> bool {
    let mut options = ReadOptions::new("fuzz-2025-二季度.xlsx");
    options.max_unpacked_bytes = 50 * 1024 * 1024;
    read_table(bytes, &options).is_ok()
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = StdRng::seed_from_u64(seed(0x5EED));
    for _ in 0..rounds() {
        let len = rng.gen_range(0..4096);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        // Half of them look like a workbook at first glance.
        let magic: &[u8] = match rng.gen_range(0..4) {
            0 => b"PK\x03\x04",
            1 => &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            _ => b"",
        };
        bytes.splice(0..0, magic.iter().copied());
        assert!(!read(&bytes), "random bytes are no table");
    }
}

#[test]
fn mutated_official_tables_never_panic() {
    let mut rng = StdRng::seed_from_u64(seed(20250630));
    for ext in ["xlsx", "xls", "ods"] {
        let original = official(ext);
        let tables = (0..rounds())
            .filter(|_| read(&mutate(&mut rng, &original)))
            .count();
        println!(
            "{ext}: {tables} of {} mutations still read as a table",
            rounds()
        );
        if ext == "xls" {
            // Byte flips in an xls mostly land in text: the reader gets past
            // the container, which is what this part is for.
            assert!(
                tables > 0,
                "no mutated xls was read: is the reader reached?"
            );
        }
    }
    let xlsx = official("xlsx");
    let rounds = rounds();
    let tables = (0..rounds)
        .filter(|_| read(&mutate_inside_xlsx(&mut rng, &xlsx)))
        .count();
    // The mutations reach deep: some still read as tables, most do not.
    assert!(tables > 0 && tables < rounds, "{tables} of {rounds} read");
}
