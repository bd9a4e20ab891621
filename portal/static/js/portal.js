// Small enhancements; every page works without this file.
"use strict";

// Live "<n>/<max> tegn" counters for textareas with data-counter="<id of counter>".
// Line breaks count once, as the browser's own maxlength counts them.
function updateCounter(field) {
  const counter = document.getElementById(field.dataset.counter);
  if (!counter) return;
  const max = Number(field.dataset.max);
  const count = field.value.replace(/\r\n/g, "\n").length;
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
