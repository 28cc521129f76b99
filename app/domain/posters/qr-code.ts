import QRCode from "qrcode";

/**
 * A QR code as one SVG path of its dark modules, drawn by React like any other element (no
 * generated markup injected into the page). Error correction M: a poster survives some wear.
 */
export function qrCodePath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  let d = "";
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size: modules.size, d };
}
