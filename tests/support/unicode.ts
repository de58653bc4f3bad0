import fc from 'fast-check';

/**
 * Any code point of the full range 0–10FFFF, lone surrogates included (fast-check's own 'binary' unit leaves them
 * out), drawn more often from what breaks text: surrogates, controls (NUL among them), combining marks and
 * decomposed Hangul (not NFC next to their base), bidi and zero-width format characters, separators, CJK
 * compatibility ideographs (changed by NFC), and the everyday: ASCII and CJK.
 */
export const anyCodePoint: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 4, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0x300, max: 0x36f }), fc.integer({ min: 0x1100, max: 0x11ff })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        0x200b,
        0x200d,
        0x200e,
        0x202a,
        0x202e,
        0x2066,
        0x2069,
        0x2060,
        0xfeff,
        0x00ad,
        0x2028,
        0x2029,
        0x3000,
        0xf900,
        0xfffd,
        0xfffe,
      ),
    },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) },
  )
  .map((codePoint) => String.fromCodePoint(codePoint));

/** A string of up to `maxLength` such code points. */
export const anyText = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: anyCodePoint, maxLength });
