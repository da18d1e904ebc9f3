// Exporting a table as .xlsx (write-excel-file, loaded only when asked) or as CSV, with Chinese headers.

/** Columns are [header, value(row), {format}?]; values are numbers, strings or null. */
export function sheet(columns, rows) {
  return [columns.map(([header]) => header), ...rows.map((row) => columns.map(([, value]) => value(row) ?? null))];
}

function csvCell(value) {
  if (value == null) return "";
  const textValue = String(value);
  return /[",\r\n]/.test(textValue) ? `"${textValue.replaceAll('"', '""')}"` : textValue;
}

function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** CSV in UTF-8 with a BOM, so Excel opens the Chinese headers correctly. */
export function downloadCsv(columns, rows, fileName) {
  const lines = sheet(columns, rows).map((line) => line.map(csvCell).join(","));
  save(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }), fileName);
}

export async function downloadXlsx(columns, rows, fileName, sheetName) {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const [headers, ...body] = sheet(columns, rows);
  const formats = columns.map(([, , options]) => options?.format);
  const data = [headers.map((value) => ({ value, fontWeight: "bold" })),
    ...body.map((line) => line.map((value, i) => (formats[i] && value != null ? { value, format: formats[i] } : { value })))];
  const blob = await writeXlsxFile(data, { sheet: sheetName, columns: headers.map((header) => ({ width: Math.max(8, header.length * 2 + 2) })) }).toBlob();
  save(blob, fileName);
}
