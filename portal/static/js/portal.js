// Small enhancements; every page works without this file.
"use strict";

// Live "<n>/<max> tegn" counters for textareas with data-counter="<id of counter>".
// The text rule of portal/forms.py: a line break ("\r\n" or "\r") counts once,
// and the text is counted before it is trimmed.
function updateCounter(field) {
  const counter = document.getElementById(field.dataset.counter);
  if (!counter) return;
  const max = Number(field.dataset.max);
  const count = field.value.replace(/\r\n?/g, "\n").length;
  counter.textContent = `${count}/${max} tegn`;
  counter.classList.toggle("counter--over", count > max);
}

document.addEventListener("input", (event) => {
  if (event.target.matches("[data-counter]")) updateCounter(event.target);
});

// A reset button (e.g. AVBRYT) puts the old texts back after the event: recount then.
document.addEventListener("reset", (event) => {
  setTimeout(() => event.target.querySelectorAll("[data-counter]").forEach(updateCounter));
});

// Keyboard focus after htmx swaps a region in place (the booking calendar).
// htmx puts focus back on the new element with the same id; a chosen day then
// sends it on to its free slots (data-focus-after-swap="<id>"). If the focused
// element is gone (the last month has no "next" arrow), focus goes to the
// region's data-focus-fallback, never to the top of the page.
document.addEventListener("htmx:after:settle", (event) => {
  const region = event.target;
  if (!(region instanceof Element) || !region.matches("[data-focus-fallback]")) return;
  const active = document.activeElement;
  const nextId = region.contains(active) ? active.dataset.focusAfterSwap : region.dataset.focusFallback;
  const next = nextId && document.getElementById(nextId);
  if (next) next.focus();
});
