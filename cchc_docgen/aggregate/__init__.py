"""`aggregate`: the Sở Nội vụ's compilation of many agencies' appendices into one workbook."""
