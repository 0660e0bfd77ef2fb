// Asks before a destructive button acts: the button carries its question, translated, in data-confirm.
// Without JavaScript its form still posts at once.
document.addEventListener("submit", function (event) {
  var question = event.submitter && event.submitter.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
