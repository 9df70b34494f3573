// The phrases both pages build, as facilitator/words/meeting.py builds them: put in each
// page's script where it says __SHARED_WORDS__, when the server reads the page.

/** Python's str.format for the table's `{name}` fields. */
function fill(template, values) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (whole, key) =>
    whole === "{{" ? "{" : whole === "}}" ? "}" : String(values[key]));
}

const two = (n) => String(n).padStart(2, "0");

/** format_duration (words/meeting.py): `m:ss` or `h:mm:ss`, down to the second shown. */
function formatDuration(seconds, signed = false) {
  const total = Math.floor(Math.abs(seconds) + 1e-9);
  let sign = "";
  if (seconds < 0 && total > 0) sign = "-";
  else if (signed) sign = "+";
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  return hours ? `${sign}${hours}:${two(minutes)}:${two(secs)}` : `${sign}${minutes}:${two(secs)}`;
}

/** format_countdown (words/meeting.py): the seconds not yet used (2:59.4 left shows 3:00); `+` when over. */
function formatCountdown(remaining) {
  if (remaining > 0) return formatDuration(Math.ceil(remaining - 1e-9));
  return formatDuration(-remaining, true);
}
