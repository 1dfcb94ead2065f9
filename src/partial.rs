//! A thread shown before all its bodies are read. A large mail archive is
//! threaded by its headers alone; the viewer draws its first screen from a
//! model in which only the posts on that screen have bodies, while every
//! other body is read on the other cores and the whole model replaces the
//! partial one (see [`App::take_whole_thread`](crate::app::App::take_whole_thread)).

use crate::app::App;
use crate::format::{Body, ThreadFile};
use crate::import::mbox::PendingBodies;
use crate::thread::{PostId, Thread};

const FIRST: PostId = PostId::new(0);

/// The posts without their bodies, and the bodies to be read.
pub struct PartialThread {
    /// Every post, each body empty.
    skeleton: ThreadFile,
    bodies: PendingBodies,
}

impl PartialThread {
    pub fn new(skeleton: ThreadFile, bodies: PendingBodies) -> Self {
        debug_assert_eq!(skeleton.posts.len(), bodies.len());
        Self { skeleton, bodies }
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
        let mut file = self.skeleton.clone();
        let mut has_body = vec![false; file.posts.len()];
        for &post in posts {
            let index = post.index();
            if let Some(wire) = file.posts.get_mut(index)
                && !std::mem::replace(&mut has_body[index], true)
            {
                wire.body = self.bodies.body(index);
            }
        }
        Thread::from_partial_file(file, &has_body)
    }

    /// Every body read (on every core): the whole model, quote inference
    /// still to come.
    pub fn into_whole(self) -> Thread {
        let Self { mut skeleton, bodies } = self;
        for (post, body) in skeleton.posts.iter_mut().zip(bodies.into_all()) {
            post.body = body;
        }
        Thread::from_file_deferred(skeleton)
    }

    /// The body post `post` will have (for tests: what the whole model holds).
    pub fn body(&self, post: PostId) -> Body {
        self.bodies.body(post.index())
    }
}
