//! Typed ids: an article, tag, domain, region or milestone is named by an id of its own type,
//! so an index into one list can never be used on another. [`Table`] is a list indexed by its
//! id type.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An id: a position in the [`Table`] of its kind.
pub(crate) trait Id: Copy {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$entry:meta])* $name:ident;)*) => {$(
        $(#[$entry])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(u32);

        impl Id for $name {
            fn new(index: usize) -> Self {
                $name(u32::try_from(index).expect("fewer than 2^32 items"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// An article, in [`crate::model::Site::articles`] (newest first).
    ArticleId;
    /// A tag, in [`crate::model::Site::tags`] (sorted by name).
    TagId;
    /// A domain, in [`crate::model::Site::domains`] (site.yaml order).
    DomainId;
    /// A region, in [`crate::model::Site::regions`] (site.yaml order).
    RegionId;
    /// A milestone, in [`crate::model::Site::milestones`] (timeline order).
    MilestoneId;
}

/// A key figure: the article it belongs to and its place among that article's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FigureId {
    pub article: ArticleId,
    pub index: usize,
}

/// A list indexed by ids of type `I`.
#[derive(Debug)]
pub(crate) struct Table<I, T> {
    items: Vec<T>,
    id: PhantomData<fn() -> I>,
}

impl<I: Id, T> Table<I, T> {
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Add `item` at the end; returns its id.
    pub(crate) fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }

    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every id, in order.
    pub(crate) fn ids(&self) -> impl DoubleEndedIterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    /// Items with their ids.
    pub(crate) fn enumerate(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        &self.items
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        self.items
    }

    pub(crate) fn first_ids(&self, n: usize) -> Vec<I> {
        (0..self.items.len().min(n)).map(I::new).collect()
    }
}

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(items: Vec<T>) -> Self {
        Table {
            items,
            id: PhantomData,
        }
    }
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<I: Id, T> Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'a, I: Id, T> IntoIterator for &'a Table<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
