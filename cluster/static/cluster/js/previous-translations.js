// Beside each string of wagtail-localize's translation editor whose English changed since it was
// translated: the previous translation, the English it was made from, and a button that opens the
// string for editing with the previous translation in it, to revise and save as usual.
// The data comes from cluster/templates/cluster/translation/previous_translations.html.
(function () {
    'use strict';

    var dataElement = document.getElementById('cluster-previous-translations');
    if (!dataElement) {
        return;
    }
    var data = JSON.parse(dataElement.textContent);
    var bySource = new Map();
    data.strings.forEach(function (entry) {
        bySource.set(entry.source, entry);
    });

    function setReactValue(textarea, value) {
        // React tracks the value a textarea had; setting it through the prototype's setter and
        // sending an input event is how a value reaches its onChange.
        var setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
        setter.call(textarea, value);
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function startFrom(segment, entry) {
        var textarea = segment.querySelector('textarea');
        if (!textarea) {
            var buttons = segment.querySelectorAll(':scope > ul button');
            if (!buttons.length) {
                return;
            }
            buttons[buttons.length - 1].click(); // "Translate"
        }
        window.requestAnimationFrame(function wait() {
            var opened = segment.querySelector('textarea');
            if (!opened) {
                window.requestAnimationFrame(wait);
                return;
            }
            setReactValue(opened, entry.previousTranslation);
            opened.focus();
        });
    }

    function note(segment, entry) {
        var box = document.createElement('div');
        box.className = 'cluster-previous-translation help-block help-info';
        box.setAttribute('role', 'note');
        box.style.margin = '0 20px 10px';

        var heading = document.createElement('strong');
        heading.textContent = data.labels.heading;
        var translation = document.createElement('p');
        translation.className = 'cluster-previous-translation__text';
        translation.textContent = entry.previousTranslation;
        var source = document.createElement('p');
        source.className = 'cluster-previous-translation__source';
        source.textContent = data.labels.of + ' ' + entry.previousSource;
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'button button-small button-secondary';
        button.textContent = data.labels.use;
        button.addEventListener('click', function () {
            startFrom(segment, entry);
        });

        box.append(heading, translation, source, button);
        return box;
    }

    function annotate() {
        document.querySelectorAll('.js-translation-editor li').forEach(function (segment) {
            if (segment.querySelector(':scope > .cluster-previous-translation')) {
                return;
            }
            var source = segment.querySelector(':scope > p');
            var entry = source && bySource.get(source.textContent);
            if (entry) {
                source.after(note(segment, entry));
            }
        });
    }

    var editor = document.querySelector('.js-translation-editor');
    if (editor) {
        new MutationObserver(annotate).observe(editor, { childList: true, subtree: true });
        annotate();
    }
})();
