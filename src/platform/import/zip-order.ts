/**
 * The streaming workbook reader parses a sheet as it arrives only if the shared strings and the
 * workbook's relations came before it; Excel saves the sheets first, so the reader would unpack
 * each sheet to a temporary file (a few MB of repeated rows unpack to gigabytes) and, with the
 * whole file at hand, can end before the last entries. This lays the entries out again, sheets
 * last, from the zip's central directory, without unpacking anything. The result has no central
 * directory: the reader stops after the first sheet, and a stream that never ends keeps it from
 * stopping before.
 */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const USES_DATA_DESCRIPTOR = 0x0008;

export class NotAZip extends Error {}

const isSheet = (name: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name);
const sheetNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

/** The entries of `zip` in reading order (sheets last, by number), as local records without a directory. */
export function sheetsLast(zip: Buffer): { parts: Buffer[]; sheets: number } {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new NotAZip('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const entries: { name: string; parts: Buffer[] }[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL_HEADER) throw new NotAZip('damaged central directory');
    const flags = zip.readUInt16LE(p + 8);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new NotAZip('zip64 workbooks are not supported');
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new NotAZip('damaged entry');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > zip.length) throw new NotAZip('truncated entry');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(zip.readUInt16LE(p + 6), 4);
    // Sizes now stand in the header, so no data descriptor follows the data.
    header.writeUInt16LE(flags & ~USES_DATA_DESCRIPTOR, 6);
    zip.copy(header, 8, p + 10, p + 28); // method, time, date, crc, sizes
    header.writeUInt16LE(nameLength, 26);
    header.writeUInt16LE(0, 28);
    entries.push({ name: name.toString('utf8'), parts: [header, name, zip.subarray(dataStart, dataStart + compressedSize)] });
    p += 46 + nameLength + extraLength + commentLength;
  }
  const others = entries.filter((e) => !isSheet(e.name));
  const sheets = entries.filter((e) => isSheet(e.name)).sort((a, b) => sheetNumber(a.name) - sheetNumber(b.name));
  return { parts: [...others, ...sheets].flatMap((e) => e.parts), sheets: sheets.length };
}
