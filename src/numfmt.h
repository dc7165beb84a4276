/* A spreadsheet number shown the way Excel shows it: the stored binary
 * value turned into its shortest decimal, then laid out by the cell's
 * number format.  Internal to the library. */
#ifndef PE_NUMFMT_H
#define PE_NUMFMT_H

#include <stddef.h>

/* Bytes that hold any double's plain decimal text with its NUL: the
 * longest is a negative subnormal, "-0." then 323 zeros then 17 digits. */
#define PE_NUM_MAX 352

/*
 * The shortest decimal text that reads back as the same double as `v`, a
 * number as a worksheet stores it ("0.59899999999999998" is "0.599",
 * "1.798" stays "1.798", "1E-3" is "0.001", "1e308" is 1 and 308 zeros).
 * Written into out (n bytes, PE_NUM_MAX always enough); returns 0 when v
 * is not a number, or when the text does not fit in n (out is then "",
 * never a number cut short).
 */
int pe_num_shortest(const char *v, char *out, size_t n);

/* The format code of a built-in number format id (0 "General", 10
 * "0.00%", 14 a date ...); NULL for an id that has none. */
const char *pe_numfmt_builtin(unsigned id);

/*
 * The text Excel shows for the stored number v under format `code`:
 * "0.00%" shows 0.599 as "59.90%", "0.00" shows 10 as "10.00", 0"人"
 * shows 280 as "280人", a date format shows 44561 as "2021-12-31" (or
 * "2021年12月31日" when the format writes 年), General the shortest
 * decimal.  Rounding to the format's places is half away from zero, as
 * Excel displays.  date1904: the workbook counts days from 1904.  The
 * text is never cut: a number whose layout does not fit in n bytes is
 * written as Excel writes it in scientific form ("1E+308", "-1.5E-70"),
 * exact, which no cell reads as a plain number.  A format's places are
 * taken up to 30 (as Excel allows) and its % signs up to 10.  Returns 0
 * when v is not a number (out then holds v as it is, or "#NUM!" when v
 * does not fit in n).
 */
int pe_numfmt_apply(const char *v, const char *code, int date1904, char *out,
                    size_t n);

/* Is `code` a date or time format? */
int pe_numfmt_is_date(const char *code);

/* A date serial (days since the workbook's epoch) as y, m, d; 0 when it is
 * out of range. */
int pe_serial_date(long serial, int date1904, int *y, int *m, int *d);

#endif
