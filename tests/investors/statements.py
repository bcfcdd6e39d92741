"""Two years of a fictional retailer's modern slavery statement, written the way UK statements
are, and a real PDF of them (fpdf2 writes the text layer, pypdf reads it back)."""

from __future__ import annotations

from fpdf import FPDF

STATEMENT_2024 = [
    "Northwind Retail plc Modern Slavery Statement 2024. "
    "This statement is made pursuant to section 54 of the Modern Slavery Act 2015 and sets out the steps "
    "Northwind Retail plc has taken during the financial year ending 31 December 2024. "
    "Northwind Retail plc is a UK retailer of clothing and homeware with 120 stores and 6,500 employees. "
    "Our group is made up of the parent company and three subsidiaries in the United Kingdom and Ireland.",
    "Our supply chain includes 310 tier one suppliers in Bangladesh, Turkey, India and China. "
    "We source cotton garments, footwear and home textiles from these suppliers. "
    "We have a Supplier Code of Conduct which prohibits forced labour and the charging of recruitment fees "
    "to workers. "
    "Our Modern Slavery Policy applies to all employees and suppliers.",
    "We have identified that the highest risks of modern slavery are in cotton spinning and in the "
    "recruitment of migrant workers in Turkey. "
    "We carry out social audits of all new suppliers before we place orders. "
    "All buying staff completed modern slavery training in 2024. "
    "This statement was approved by the Board of Directors on 20 May 2025. "
    "Signed by Jane Smith, Chief Executive Officer.",
]

STATEMENT_2025 = [
    "Northwind Retail plc Modern Slavery Statement 2025. "
    "This statement is made pursuant to section 54 of the Modern Slavery Act 2015 and sets out the steps "
    "Northwind Retail plc has taken during the financial year ending 31 December 2025. "
    "Northwind Retail plc is a UK retailer of clothing and homeware with 125 stores and 6,800 employees. "
    "Our group is made up of the parent company and three subsidiaries in the United Kingdom and Ireland.",
    "Our supply chain includes 290 tier one suppliers in Bangladesh, Turkey, India and Viet Nam. "
    "We source cotton garments, footwear and home textiles from these suppliers. "
    "We have a Supplier Code of Conduct which prohibits forced labour and the charging of recruitment fees "
    "to workers. "
    "In 2025 we found two suppliers in Turkey where migrant workers had paid recruitment fees, and we "
    "ensured that 148 workers were repaid a total of GBP 61,000. "
    "Workers in our supply chain can raise concerns through a confidential hotline run by an independent "
    "organisation in their own language.",
    "We measure the effectiveness of our actions through the number of audit findings closed within 90 "
    "days, which rose from 61% to 78% this year. "
    "We consulted our subsidiaries and trade unions in preparing this statement. "
    "This statement was approved by the Board of Directors on 14 May 2026. "
    "Signed by Jane Smith, Chief Executive Officer.",
]


def statement_pdf(pages: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())
