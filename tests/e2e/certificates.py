"""
Reading a downloaded certificate as a person (or their employer) would: its text, and the
address its QR code opens. The PDF is drawn to an image with PDFium and the QR code read back
with zxing-cpp, so the test checks the printed code itself, not the data that made it.
"""

import pypdfium2
import zxingcpp


def read_certificate(pdf_path):
    """(text of the first page, [texts of the QR codes found on it])."""
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        image = page.render(scale=3).to_pil()
    finally:
        document.close()
    return text, [result.text for result in zxingcpp.read_barcodes(image)]
