/** English abbreviated month names, January first (`%b` in the C locale, RFC 3164, `dmesg -T`). */
export const monthNames: readonly string[] = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
