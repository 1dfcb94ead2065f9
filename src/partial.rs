//! A thread shown before all its bodies are read. A large mail archive is
//! threaded by its headers alone; the viewer draws its first screen from a
//! model in which only the posts on that screen have bodies, while every
//! other body is read on the other cores and the whole model replaces the
//! partial one (see [`App::take_bodies`]).

use crate::app::App;
use crate::format::ThreadFile;
use crate::import::mbox::ThreadedMail;
use crate::thread::{PostId, Thread};

const FIRST: PostId = PostId::new(0);

/// The thread's title, and its posts to be made.
pub struct PartialThread {
    /// The title and address; no posts.
    file: ThreadFile,
    mail: ThreadedMail,
}

impl PartialThread {
    /// `file` as [`open`](crate::open::open) gave it with `mail`.
    pub fn new(mut file: ThreadFile, mail: ThreadedMail) -> Self {
        file.posts = Vec::new();
        Self { file, mail }
    }

    /// The model to open the viewer with, before it knows where the reader
    /// is: the first post's body read, since its text names the thread in
    /// the read state.
    pub fn opening_model(&self) -> Thread {
        self.with_bodies_of(&[FIRST])
    }

    /// Reads into `app` (opened on [`opening_model`](Self::opening_model)
    /// and placed where the reader was) the bodies its screen shows, and
    /// hands it the work of reading the rest.
    pub fn show_in(self, app: &mut App) {
        let mut shown = app.posts_in_view();
        shown.push(FIRST);
        app.take_bodies(self.with_bodies_of(&shown));
        app.set_bodies_job(Box::new(move || self.into_whole()));
    }

    /// The model with the bodies of `posts` read now; the others show that
    /// their text is coming.
    pub fn with_bodies_of(&self, posts: &[PostId]) -> Thread {
        let mut has_body = vec![false; self.mail.len()];
        for post in posts {
            if let Some(wanted) = has_body.get_mut(post.index()) {
                *wanted = true;
            }
        }
        let posts = has_body.iter().enumerate().map(|(index, &with_body)| self.mail.post(index, with_body));
        let file = ThreadFile { posts: posts.collect(), ..self.file.clone() };
        Thread::from_partial_file(file, &has_body)
    }

    /// Every body read (on every core): the whole model, quote inference
    /// still to come.
    pub fn into_whole(self) -> Thread {
        let Self { mut file, mail } = self;
        file.posts = mail.into_posts();
        Thread::from_file_deferred(file)
    }
}
